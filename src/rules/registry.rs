//! The one table of built-in rules, in id order. An id is assigned once and never reused.
//!
//! [`all`], [`find`] and [`metas`] also cover the rules of the shipped rule packs
//! (`rulepacks/`, with their default parameters), so an id keeps working when a rule
//! moves from Rust into a pack.

use crate::rules::builtin::*;
use crate::rules::{Rule, RuleMeta};

impl_rule_list! {
    FullAdminStatement,         // IAM101
    WildcardAction,             // IAM102
    AllowWithNotAction,         // IAM103
    ServiceWildcardAction,      // IAM105
    AllowWithNotResource,       // IAM106
    WildcardResourceOnRestrictableAction, // IAM107
    TrustAnyPrincipal,          // IAM201
    SamlTrustWithoutAudience,   // IAM202
    AllowWithNotPrincipal,      // IAM203
    PassroleAnyResource,        // IAM301
    PrivilegeEscalationMethod,  // IAM302
    PrivilegeEscalationPath,    // IAM303
    AdminWithoutMfa,            // IAM304
    TooManyAdmins,              // IAM305
    IamWriteWithoutPermissionBoundaryCondition, // IAM306
    CrossAccountTrustWithoutConditions, // IAM307
    OidcTrustWithoutSubject,    // IAM308
    CredentialsExposure,        // IAM309
    DataExfiltration,           // IAM310
    UserWithDirectPolicy,       // IAM401
    AccessKeyForUser,           // IAM402
    UserNotInGroup,             // IAM403
    ConsoleUserWithoutMfaEnforcement, // IAM405
    HardcodedAwsCredentials,    // IAM501
    AccessKeySecretInState,     // IAM502
    PasswordPolicyMissingOrWeak, // IAM601
    ScpDenyRootMissing,         // IAM602
    ScpRegionRestriction,       // IAM603
    ScpAllowStatementTooBroad,  // IAM604
    PermissionSetAdmin,         // IAM605
    PermissionSetSessionTooLong, // IAM606
    AccessAnalyzerMissing,      // IAM607
    ResourcePolicyPublic,       // IAM701
    MalformedPolicy,            // IAM801
    UnknownAction,              // IAM802
    DuplicateSid,               // IAM803
    InvalidArn,                 // IAM804
    ConditionKeyNotApplicable,  // IAM805
    ParseErrorNotice,           // IAM900
    ExceptionExpired,           // IAM901
    ExceptionIncomplete,        // IAM902
    ExceptionUnused,            // IAM903
}

/// Every built-in and shipped pack rule, in id order.
pub fn all() -> Vec<&'static dyn Rule> {
    crate::rulepack::Catalogue::standard().all()
}

/// A rule by id (`IAM101`) or name (`full-admin-statement`), case-insensitive; also the
/// rules of user packs loaded in this process (`--rulepack`).
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    crate::rulepack::Catalogue::standard()
        .find(key)
        .or_else(|| crate::rulepack::find_loaded(key))
}

/// Metadata of every built-in and shipped pack rule, in id order.
pub fn metas() -> Vec<&'static RuleMeta> {
    crate::rulepack::Catalogue::standard().metas()
}
