use crate::model::policy::{Item, Statement};
use crate::model::Policy;
use crate::rules::builtin::decided_trust_allow;
use crate::rules::{Ctx, Rule, RuleMeta};
use crate::value::Value;

/// Condition keys that limit who in a trusted account may assume the role.
pub const LIMITING_KEYS: &[&str] = &[
    "sts:externalid",
    "aws:multifactorauthpresent",
    "aws:multifactorauthage",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "sts:sourceidentity",
];

declare_rule! {
    /// ## What it does
    /// Flags a role trust policy statement that allows a whole AWS account (its root,
    /// `arn:aws:iam::111122223333:root`, or the bare account id) to assume the role with
    /// no condition that narrows who may: `sts:ExternalId`, `aws:MultiFactorAuthPresent`
    /// or `aws:MultiFactorAuthAge`, `aws:PrincipalArn`, `aws:PrincipalOrgID` or
    /// `aws:PrincipalOrgPaths`, `aws:PrincipalTag/…`, `sts:SourceIdentity`. Reported at
    /// the account principal.
    ///
    /// Not reported: the scan's own account written with `data.aws_caller_identity` or
    /// CloudFormation's `AWS::AccountId` (delegating to its identity policies is the
    /// normal way to share a role inside an account), an account that is entirely
    /// unresolved, a `Deny`, and statements whose conditions are not fully known. A literal account id may still be the scan's own
    /// account: the scan cannot tell.
    ///
    /// ## Why is this bad?
    /// Trusting an account root hands the decision to every administrator of that
    /// account: anyone there allowed `sts:AssumeRole` on `*` gets the role. For a third
    /// party this is the confused-deputy problem `sts:ExternalId` exists for; for your
    /// own other accounts, `aws:PrincipalArn` or MFA keeps the set of callers known.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
    ///   "Action": "sts:AssumeRole" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
    ///   "Action": "sts:AssumeRole",
    ///   "Condition": { "StringEquals": { "sts:ExternalId": "c0ffee-4f2d" } } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html>
    pub CrossAccountTrustWithoutConditions {
        id: "IAM307",
        name: "cross-account-trust-without-conditions",
        severity: Medium,
        precision: Medium,
        tags: ["trust", "cross-account"],
        summary: "Role trusts a whole AWS account without a condition on who may assume it",
    }
}

/// The account an item trusts as a whole, for the message; `None` when it names a
/// specific principal, the scan's own account, or nothing known.
fn whole_account(item: &Item) -> Option<String> {
    let is_account = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
    match &item.value {
        Value::Known(s) if is_account(s) => Some(s.clone()),
        Value::Known(s) if s.starts_with("arn:") && s.ends_with(":root") => {
            Some(s.split(':').nth(4).unwrap_or("").to_string())
        }
        Value::Partial(_) => {
            let own = item.value.names_scan_account();
            let root = item
                .value
                .known_suffix()
                .is_some_and(|s| s.ends_with(":root"))
                && item
                    .value
                    .known_prefix()
                    .is_some_and(|s| s.starts_with("arn:"));
            (root && !own).then(|| item.value.render())
        }
        _ => None,
    }
}

impl Rule for CrossAccountTrustWithoutConditions {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !decided_trust_allow(st, policy, None) {
            return;
        }
        let limited = st.conditions.iter().any(|c| {
            c.key_lower().is_some_and(|k| {
                LIMITING_KEYS.contains(&k.as_str()) || k.starts_with("aws:principaltag/")
            })
        });
        if limited {
            return;
        }
        let Some(principals) = &st.principal else {
            return;
        };
        for entry in principals.entries.iter().filter(|e| e.kind == "AWS") {
            for item in &entry.values.items {
                if let Some(account) = whole_account(item) {
                    cx.report(
                        &Self::META,
                        item.span,
                        &policy.origin.address,
                        format!(
                            "every principal of account `{account}` allowed `sts:AssumeRole` \
                             may assume this role; add `sts:ExternalId`, \
                             `aws:PrincipalArn` or an MFA condition"
                        ),
                    );
                }
            }
        }
    }
}
