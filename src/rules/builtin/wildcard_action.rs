use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that allows `"Action": "*"`: every action of
    /// every AWS service, whatever its resources or conditions.
    ///
    /// ## Why is this bad?
    /// A wildcard action grants actions nobody reviewed, including those AWS adds in the
    /// future. Even scoped to a few resources it lets the holder delete, re-configure or
    /// share them, and on IAM resources it is a path to administrator. Least privilege
    /// names the actions a workload needs.
    ///
    /// ## Example
    /// ```hcl
    /// statement {
    ///   actions   = ["*"]
    ///   resources = [aws_s3_bucket.reports.arn]
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:GetObject", "s3:PutObject"]
    ///   resources = ["${aws_s3_bucket.reports.arn}/*"]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>
    pub WildcardAction {
        id: "IAM102",
        name: "wildcard-action",
        severity: High,
        precision: VeryHigh,
        tags: ["least-privilege"],
        summary: "Allow statement grants every action (`Action: \"*\"`)",
    }
}

impl Rule for WildcardAction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !policy.is_identity() || !st.is_allow() {
            return;
        }
        if st.action.as_ref().is_some_and(|a| a.has_star()) {
            cx.report(
                &Self::META,
                st.span,
                &policy.origin.address,
                "statement allows every action (`Action: \"*\"`); list the actions the workload needs",
            );
        }
    }
}
