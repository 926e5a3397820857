//! Built-in rules, one file each, named after the rule.

mod access_key_for_user;
mod admin_managed_policy_attached;
mod allow_with_not_action;
mod allow_with_not_resource;
mod duplicate_sid;
mod full_admin_statement;
mod hardcoded_aws_credentials;
mod invalid_arn;
mod malformed_policy;
mod parse_error;
mod passrole_any_resource;
mod password_policy_missing_or_weak;
mod service_wildcard_action;
mod trust_any_principal;
mod unknown_action;
mod user_with_direct_policy;
mod wildcard_action;
mod wildcard_resource_on_restrictable_action;

pub use access_key_for_user::AccessKeyForUser;
pub use admin_managed_policy_attached::{AdminManagedPolicyAttached, ADMIN_POLICIES};
pub use allow_with_not_action::AllowWithNotAction;
pub use allow_with_not_resource::AllowWithNotResource;
pub use duplicate_sid::DuplicateSid;
pub use full_admin_statement::FullAdminStatement;
pub use hardcoded_aws_credentials::HardcodedAwsCredentials;
pub use invalid_arn::InvalidArn;
pub use malformed_policy::MalformedPolicy;
pub use parse_error::ParseErrorNotice;
pub use passrole_any_resource::PassroleAnyResource;
pub use password_policy_missing_or_weak::PasswordPolicyMissingOrWeak;
pub use service_wildcard_action::ServiceWildcardAction;
pub use trust_any_principal::{is_restricting_key, TrustAnyPrincipal};
pub use unknown_action::UnknownAction;
pub use user_with_direct_policy::UserWithDirectPolicy;
pub use wildcard_action::WildcardAction;
pub use wildcard_resource_on_restrictable_action::WildcardResourceOnRestrictableAction;
