use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that combines `"Effect": "Allow"` with
    /// `NotAction`.
    ///
    /// Not reported: a `NotAction` none of whose items is known, such as
    /// `not_actions = statement.value.not_actions` where the variable's type is `any` or cannot be
    /// read and a caller leaves the attribute out (with a typed `optional()` attribute
    /// the evaluator knows it is null): the unresolved value may well be null, and then
    /// the statement has no `NotAction` at all.
    ///
    /// ## Why is this bad?
    /// `Allow` + `NotAction` grants every action *except* those listed: every service AWS
    /// has and every one it will launch. It reads like a restriction but is one of the
    /// broadest grants possible; `NotAction: ["iam:*"]` on `*` is still administrator of
    /// everything but IAM. `NotAction` belongs in `Deny` statements (deny everything but
    /// a few actions), not in `Allow`.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:GetMetricData"], "Resource": "*" }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html>
    pub AllowWithNotAction {
        id: "IAM103",
        name: "allow-with-not-action",
        severity: High,
        precision: High,
        tags: ["least-privilege"],
        summary: "Allow statement uses NotAction, granting every action not listed",
    }
}

/// True when the statement certainly has a `NotAction`: some item of it is known. An
/// element that is only an unresolved expression may be null, as an optional object
/// attribute the caller left out is (`not_actions = statement.value.not_actions`).
fn present(items: Option<&crate::model::policy::Items>) -> bool {
    items.is_some_and(|i| i.known().next().is_some())
}

impl Rule for AllowWithNotAction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if policy.is_identity() && st.is_allow() && present(st.not_action.as_ref()) {
            cx.report(
                &Self::META,
                st.span,
                &policy.origin.address,
                "`Allow` with `NotAction` grants every action except those listed; use `Action` with the actions needed",
            );
        }
    }
}
