//! The one table of built-in rules, in id order. An id is assigned once and never reused.

use crate::rules::builtin::*;
use crate::rules::{Rule, RuleMeta};

impl_rule_list! {
    FullAdminStatement,         // IAM101
    WildcardAction,             // IAM102
    AllowWithNotAction,         // IAM103
    AdminManagedPolicyAttached, // IAM104
    ServiceWildcardAction,      // IAM105
    AllowWithNotResource,       // IAM106
    WildcardResourceOnRestrictableAction, // IAM107
    TrustAnyPrincipal,          // IAM201
    PassroleAnyResource,        // IAM301
    PrivilegeEscalationMethod,  // IAM302
    PrivilegeEscalationPath,    // IAM303
    AdminWithoutMfa,            // IAM304
    TooManyAdmins,              // IAM305
    IamWriteWithoutPermissionBoundaryCondition, // IAM306
    CrossAccountTrustWithoutConditions, // IAM307
    OidcTrustWithoutSubject,    // IAM308
    UserWithDirectPolicy,       // IAM401
    AccessKeyForUser,           // IAM402
    HardcodedAwsCredentials,    // IAM501
    PasswordPolicyMissingOrWeak, // IAM601
    MalformedPolicy,            // IAM801
    UnknownAction,              // IAM802
    DuplicateSid,               // IAM803
    InvalidArn,                 // IAM804
    ParseErrorNotice,           // IAM900
    ExceptionExpired,           // IAM901
    ExceptionIncomplete,        // IAM902
    ExceptionUnused,            // IAM903
}

/// Every built-in rule.
pub fn all() -> Vec<&'static dyn Rule> {
    BUILTIN.to_vec()
}

/// A rule by id (`IAM101`) or name (`full-admin-statement`), case-insensitive.
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    BUILTIN
        .iter()
        .copied()
        .find(|r| r.meta().id.eq_ignore_ascii_case(key) || r.meta().name.eq_ignore_ascii_case(key))
}

/// Metadata of every built-in rule.
pub fn metas() -> Vec<&'static RuleMeta> {
    BUILTIN.iter().map(|r| r.meta()).collect()
}
