//! Built-in rules, one file each, named after the rule.

mod access_key_for_user;
mod allow_with_not_action;
mod allow_with_not_resource;
mod exception_expired;
mod exception_incomplete;
mod exception_unused;
mod full_admin_statement;
mod hardcoded_aws_credentials;
mod malformed_policy;
mod parse_error;
mod passrole_any_resource;
mod password_policy_missing_or_weak;
mod service_wildcard_action;
mod trust_any_principal;
mod user_with_direct_policy;
mod wildcard_action;

pub use access_key_for_user::AccessKeyForUser;
pub use allow_with_not_action::AllowWithNotAction;
pub use allow_with_not_resource::AllowWithNotResource;
pub use exception_expired::ExceptionExpired;
pub use exception_incomplete::ExceptionIncomplete;
pub use exception_unused::ExceptionUnused;
pub use full_admin_statement::FullAdminStatement;
pub use hardcoded_aws_credentials::HardcodedAwsCredentials;
pub use malformed_policy::MalformedPolicy;
pub use parse_error::ParseErrorNotice;
pub use passrole_any_resource::PassroleAnyResource;
pub use password_policy_missing_or_weak::PasswordPolicyMissingOrWeak;
pub use service_wildcard_action::ServiceWildcardAction;
pub use trust_any_principal::{is_restricting_key, TrustAnyPrincipal};
pub use user_with_direct_policy::UserWithDirectPolicy;
pub use wildcard_action::WildcardAction;
