use crate::rules::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment (`leastpriv:ignore[...]`) or exception record whose
    /// `expires` date has passed. An expired exception suppresses nothing: the findings it
    /// covered are reported again beside this one. The check runs after the rules, in the
    /// suppression step; today's date is the UTC date of the system clock unless
    /// `LEASTPRIV_TODAY` (or the hidden `--today` flag) gives one.
    ///
    /// ## Why is this bad?
    /// Exceptions to IAM practice must be time-bound: the date was the promise to fix the
    /// code or to decide again. A forgotten exception that lives forever is how a
    /// temporary admin grant becomes permanent.
    ///
    /// ## Example
    /// ```hcl
    /// # leastpriv:ignore[full-admin-statement] reason="migration" expires=2024-01-31
    /// resource "aws_iam_policy" "migration" {
    ///   policy = jsonencode({
    ///     Version   = "2012-10-17"
    ///     Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
    ///   })
    /// }
    /// ```
    ///
    /// Use instead: fix the code and delete the comment, or decide again and record it:
    /// ```hcl
    /// # leastpriv:ignore[full-admin-statement] reason="migration, extended by SEC-42" owner=platform expires=2026-12-31
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html>
    /// - docs/adopting.md in this repository
    pub ExceptionExpired {
        id: "IAM901",
        name: "exception-expired",
        severity: Medium,
        precision: VeryHigh,
        tags: ["meta", "exceptions"],
        summary: "Exception is past its expiry date and suppresses nothing",
    }
}

impl Rule for ExceptionExpired {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
