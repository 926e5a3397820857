use crate::analysis;
use crate::analysis::effective::{request_context, At};
use crate::model::policy::{Document, Statement};
use crate::model::semantics::action_matches;
use crate::model::{Inventory, PrincipalKind};
use crate::rules::{Ctx, RawFinding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags administrators that can act without multi-factor authentication:
    ///
    /// - a user or group whose effective permissions make it administrator (every action
    ///   on every resource, IAM included) even in a request without MFA
    ///   (`aws:MultiFactorAuthPresent` false): no `Bool`/`BoolIfExists`
    ///   `aws:MultiFactorAuthPresent` condition on its granting statements, and no deny
    ///   of requests without MFA; reported at the user or group;
    /// - a role that is administrator and whose trust policy lets AWS principals (users,
    ///   roles, an account) assume it by a statement with no `aws:MultiFactorAuthPresent`
    ///   or `aws:MultiFactorAuthAge` condition; reported at that trust statement.
    ///
    /// Administrator is decided on effective permissions (AWS managed policies
    /// included); an administrator grant that rests on something the scan cannot resolve
    /// is not reported. A user that is administrator through a group reported here is
    /// not reported again.
    ///
    /// ## Why is this bad?
    /// An administrator's password or access key alone is then enough to take the whole
    /// account. Requiring MFA for administrative access is a CIS and AWS Well-Architected
    /// baseline.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
    ///   "Action": "sts:AssumeRole" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
    ///   "Action": "sts:AssumeRole",
    ///   "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html>
    pub AdminWithoutMfa {
        id: "IAM304",
        name: "admin-without-mfa",
        severity: High,
        precision: High,
        tags: ["mfa", "least-privilege"],
        summary: "Administrator access without an MFA condition",
    }
}

/// A trust statement that lets AWS principals assume the role without an MFA condition.
fn trust_without_mfa(st: &Statement) -> bool {
    if !st.is_allow() || st.conditions_incomplete || !action_matches(st, "sts:AssumeRole").is_yes()
    {
        return false;
    }
    let aws = st
        .principal
        .as_ref()
        .is_some_and(|p| p.any || p.entries.iter().any(|e| e.kind == "AWS" || e.kind == "*"));
    let mfa = st.conditions.iter().any(|c| {
        matches!(
            c.key_lower().as_deref(),
            Some("aws:multifactorauthpresent" | "aws:multifactorauthage")
        )
    });
    aws && !mfa
}

impl Rule for AdminWithoutMfa {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let analysis = cx.analysis();
        let no_mfa = request_context().with("aws:MultiFactorAuthPresent", &["false"]);
        for s in &analysis.subjects {
            let Some(p) = s.id.get(inv) else { continue };
            if !s.admin.answer.is_yes() {
                continue;
            }
            let admin = s.effective.admin(&no_mfa);
            if !admin.answer.is_yes() {
                continue;
            }
            let who = analysis::describe(inv, s.id);
            let from_group = analysis
                .groups_of(inv, s.id)
                .iter()
                .any(|g| g.effective.admin(&no_mfa).answer.is_yes());
            if from_group {
                continue;
            }
            if s.id.kind != PrincipalKind::Role {
                cx.push(RawFinding {
                    rule: &Self::META,
                    span: p.origin.span,
                    address: p.origin.address.clone(),
                    message: format!(
                        "{who} is administrator without multi-factor authentication; \
                         require `aws:MultiFactorAuthPresent` on its grants"
                    ),
                    related: At::related(&admin.grants, "grants administrator"),
                    steps: Vec::new(),
                });
                continue;
            }
            let trust = p
                .trust_policy
                .and_then(|i| inv.policies.get(i))
                .map(|t| (&t.document, t));
            let Some((Document::Parsed(doc), policy)) = trust else {
                continue;
            };
            for st in doc.statements.iter().filter(|st| trust_without_mfa(st)) {
                cx.push(RawFinding {
                    rule: &Self::META,
                    span: st.span,
                    address: policy.origin.address.clone(),
                    message: format!(
                        "{who} is administrator and this trust statement lets AWS principals \
                         assume it without multi-factor authentication"
                    ),
                    related: At::related(&admin.grants, "grants administrator"),
                    steps: Vec::new(),
                });
            }
        }
    }
}
