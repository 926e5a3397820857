use crate::model::policy::Statement;
use crate::model::{Policy, PolicyKind};
use crate::rules::{Ctx, Rule, RuleMeta};

/// Condition keys that narrow who can use an open principal to a known set.
pub const RESTRICTING_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "sts:externalid",
];

/// True when a condition key restricts the caller: one of [`RESTRICTING_KEYS`], or an
/// identity provider's subject or audience key (`token.actions.githubusercontent.com:sub`,
/// `SAML:aud`).
pub fn is_restricting_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    RESTRICTING_KEYS.contains(&k.as_str())
        || (k.contains(':')
            && !k.starts_with("aws:")
            && (k.ends_with(":sub") || k.ends_with(":aud")))
}

/// True when `st` is an `Allow` of a role's trust policy whose conditions are all read,
/// and (with `action`) surely covers that action: the statements trust rules judge.
pub fn decided_trust_allow(st: &Statement, policy: &Policy, action: Option<&str>) -> bool {
    matches!(policy.kind, PolicyKind::Trust { .. })
        && st.is_allow()
        && !st.conditions_incomplete
        && action.is_none_or(|a| crate::model::semantics::action_matches(st, a).is_yes())
}

declare_rule! {
    /// ## What it does
    /// Flags a role trust policy statement that allows `"Principal": "*"` (or
    /// `{"AWS": "*"}`) with no condition that narrows the callers to a known set
    /// (`aws:PrincipalOrgID`, `aws:PrincipalArn`, `aws:PrincipalAccount`,
    /// `aws:SourceAccount`, `aws:SourceArn`, `sts:ExternalId`, or an identity provider's
    /// `sub`/`aud` key). A statement whose conditions cannot be resolved is not flagged.
    ///
    /// ## Why is this bad?
    /// A trust policy decides who may assume the role. An open principal means any AWS
    /// account in the world, and anyone holding credentials in any account can obtain
    /// the role's permissions. Temporary access must go only to trusted principals.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "sts:AssumeRole" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/deployer" },
    ///   "Action": "sts:AssumeRole" }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>
    pub TrustAnyPrincipal {
        id: "IAM201",
        name: "trust-any-principal",
        severity: Critical,
        precision: High,
        tags: ["trust", "public-access"],
        summary: "Role trust policy lets any principal assume the role",
    }
}

impl Rule for TrustAnyPrincipal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !matches!(policy.kind, PolicyKind::Trust { .. }) || !st.is_allow() {
            return;
        }
        let Some(principal) = &st.principal else {
            return;
        };
        if !principal.is_everyone() || st.conditions_incomplete {
            return;
        }
        let restricted = st
            .conditions
            .iter()
            .any(|c| c.key.as_known().is_none_or(is_restricting_key));
        if !restricted {
            cx.report(
                &Self::META,
                st.span,
                &policy.origin.address,
                "trust policy allows any principal (`*`) to assume the role with no condition restricting who",
            );
        }
    }
}
