use crate::rules::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an active suppression comment (`leastpriv:ignore[...]`) or exception record
    /// that covers no finding of a rule it names. Only rules that ran count: with
    /// `--rule IAM101`, an exception for `IAM401` is not judged. The check runs after the
    /// rules, in the suppression step.
    ///
    /// ## Why is this bad?
    /// The code was fixed, or moved, and the exception stayed. A stale exception misleads
    /// reviewers about what is accepted, and silently covers the next finding that lands
    /// on the same line.
    ///
    /// ## Example
    /// ```hcl
    /// # leastpriv:ignore[full-admin-statement] reason="break-glass" expires=2026-12-31
    /// resource "aws_iam_policy" "read" {
    ///   policy = jsonencode({
    ///     Version   = "2012-10-17"
    ///     Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
    ///   })
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_policy" "read" {
    ///   policy = jsonencode({
    ///     Version   = "2012-10-17"
    ///     Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
    ///   })
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.astral.sh/ruff/rules/unused-noqa/>
    /// - docs/adopting.md in this repository
    pub ExceptionUnused {
        id: "IAM903",
        name: "exception-unused",
        severity: Low,
        precision: VeryHigh,
        tags: ["meta", "exceptions"],
        summary: "Exception covers no finding and can be removed",
    }
}

impl Rule for ExceptionUnused {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
