use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that allows every action (`"Action": "*"`) on
    /// every resource (`"Resource": "*"`) with no condition.
    ///
    /// ## Why is this bad?
    /// Such a statement is full administrator access: whoever holds it can read every
    /// secret, delete every resource and grant themselves anything else. One leaked
    /// credential of that principal is the whole account. Least privilege keeps
    /// administrator access to a very small set of break-glass principals, and gives
    /// routine work only the actions it needs.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_policy" "ops" {
    ///   policy = jsonencode({
    ///     Version   = "2012-10-17"
    ///     Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
    ///   })
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_policy" "ops" {
    ///   policy = jsonencode({
    ///     Version   = "2012-10-17"
    ///     Statement = [{
    ///       Effect   = "Allow"
    ///       Action   = ["ec2:DescribeInstances", "ec2:RebootInstances"]
    ///       Resource = "*"
    ///     }]
    ///   })
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
    /// - CIS AWS Foundations Benchmark 1.16: no IAM policies with full `*:*` administrative privileges
    pub FullAdminStatement {
        id: "IAM101",
        name: "full-admin-statement",
        severity: Critical,
        precision: VeryHigh,
        tags: ["least-privilege", "cis-1.16"],
        summary: "Allow statement grants every action on every resource",
    }
}

impl Rule for FullAdminStatement {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !policy.is_identity() || !st.is_allow() || st.has_conditions() {
            return;
        }
        let all_actions = st.action.as_ref().is_some_and(|a| a.has_star());
        let all_resources = st.resource.as_ref().is_some_and(|r| r.has_star());
        if all_actions && all_resources {
            cx.report(
                &Self::META,
                st.span,
                &policy.origin.address,
                "statement allows every action (`*`) on every resource (`*`): full administrator access",
            );
        }
    }
}
