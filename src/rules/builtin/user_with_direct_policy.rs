use crate::model::{Inventory, PolicyKind, PrincipalKind};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a policy given directly to an IAM user: an inline user policy
    /// (`aws_iam_user_policy`) or a managed policy attached to a user
    /// (`aws_iam_user_policy_attachment`, `users` of `aws_iam_policy_attachment`).
    ///
    /// ## Why is this bad?
    /// Permissions attached person by person drift apart, are hard to review and are
    /// forgotten when people change teams. Granting permissions through groups (or,
    /// better, roles assumed through federation) keeps one place per job function to
    /// review and revoke.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_user_policy_attachment" "alice" {
    ///   user       = aws_iam_user.alice.name
    ///   policy_arn = aws_iam_policy.deploy.arn
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_group_policy_attachment" "deployers" {
    ///   group      = aws_iam_group.deployers.name
    ///   policy_arn = aws_iam_policy.deploy.arn
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html>
    /// - CIS AWS Foundations Benchmark 1.15: users receive permissions only through groups
    pub UserWithDirectPolicy {
        id: "IAM401",
        name: "user-with-direct-policy",
        severity: Medium,
        precision: VeryHigh,
        tags: ["users", "cis-1.15"],
        summary: "Policy attached or inlined directly on an IAM user instead of a group",
    }
}

impl Rule for UserWithDirectPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for p in &inv.policies {
            if let PolicyKind::Inline { principal } = &p.kind {
                if principal.kind == PrincipalKind::User {
                    cx.report(
                        &Self::META,
                        principal.span,
                        &p.origin.address,
                        format!(
                            "inline policy on {}; grant it through a group",
                            inv.describe_principal(principal)
                        ),
                    );
                }
            }
        }
        for a in &inv.attachments {
            if a.principal.kind == PrincipalKind::User {
                cx.report(
                    &Self::META,
                    a.principal.span,
                    &a.origin.address,
                    format!(
                        "policy {} attached directly to {}; attach it to a group",
                        a.policy.describe(),
                        inv.describe_principal(&a.principal)
                    ),
                );
            }
        }
    }
}
