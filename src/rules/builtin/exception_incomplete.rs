use crate::rules::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment (`leastpriv:ignore[...]`) or exception record that
    /// is not a complete record: no `reason`, no rule or an unknown rule named, an expiry
    /// that is not a `YYYY-MM-DD` date, an unknown field, or (for the exceptions file) no
    /// owner. An incomplete exception suppresses nothing. The check runs after the rules,
    /// in the suppression step.
    ///
    /// ## Why is this bad?
    /// An exception to IAM practice must say why it is acceptable and who decided, so a
    /// reviewer or auditor can judge it later. A bare skip comment hides a finding with no
    /// trace of the decision.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_user_policy_attachment" "ci" { # leastpriv:ignore[IAM401]
    ///   user       = aws_iam_user.ci.name
    ///   policy_arn = aws_iam_policy.deploy.arn
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_user_policy_attachment" "ci" { # leastpriv:ignore[IAM401] reason="CI user until OIDC lands" owner=platform expires=2026-09-30
    ///   user       = aws_iam_user.ci.name
    ///   policy_arn = aws_iam_policy.deploy.arn
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html>
    /// - docs/adopting.md in this repository
    pub ExceptionIncomplete {
        id: "IAM902",
        name: "exception-incomplete",
        severity: Medium,
        precision: VeryHigh,
        tags: ["meta", "exceptions"],
        summary: "Exception lacks a reason, a valid rule or a valid field and suppresses nothing",
    }
}

impl Rule for ExceptionIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
