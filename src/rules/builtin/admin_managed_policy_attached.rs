use crate::model::Inventory;
use crate::rules::{Ctx, Rule, RuleMeta};

/// AWS managed policies that amount to administrator (or the means to become one).
pub const ADMIN_POLICIES: &[&str] = &["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];

declare_rule! {
    /// ## What it does
    /// Flags an attachment of the AWS managed policies `AdministratorAccess`,
    /// `IAMFullAccess` or `PowerUserAccess` to a user, group or role (through a policy
    /// attachment resource or a role's `managed_policy_arns`).
    ///
    /// ## Why is this bad?
    /// These policies are administrator access: `AdministratorAccess` directly,
    /// `IAMFullAccess` because whoever can write IAM can grant themselves anything, and
    /// `PowerUserAccess` because it allows every service but IAM, which is all the data
    /// and all the compute. They are meant for a very small set of break-glass
    /// principals, not for routine work, and every attachment deserves a documented
    /// exception.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_role_policy_attachment" "ci" {
    ///   role       = aws_iam_role.ci.name
    ///   policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_role_policy_attachment" "ci" {
    ///   role       = aws_iam_role.ci.name
    ///   policy_arn = aws_iam_policy.ci_deploy.arn # only what the pipeline deploys
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies>
    pub AdminManagedPolicyAttached {
        id: "IAM104",
        name: "admin-managed-policy-attached",
        severity: High,
        precision: VeryHigh,
        tags: ["least-privilege", "admin"],
        summary: "AWS managed administrator policy attached to a principal",
    }
}

impl Rule for AdminManagedPolicyAttached {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for a in &inv.attachments {
            let Some(name) = a.aws_managed_name() else {
                continue;
            };
            if ADMIN_POLICIES.contains(&name) {
                cx.report(
                    &Self::META,
                    a.policy_span,
                    &a.origin.address,
                    format!(
                        "AWS managed policy `{name}` attached to {}",
                        inv.describe_principal(&a.principal)
                    ),
                );
            }
        }
    }
}
