use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that combines `"Effect": "Allow"` with
    /// `NotResource`.
    ///
    /// Not reported: a `NotResource` none of whose items is known, such as
    /// `not_resources = statement.value.not_resources` where the variable's type is `any` or cannot be
    /// read and a caller leaves the attribute out (with a typed `optional()` attribute
    /// the evaluator knows it is null): the unresolved value may well be null, and then
    /// the statement has no `NotResource` at all.
    ///
    /// ## Why is this bad?
    /// `Allow` + `NotResource` grants the actions on every resource *except* those
    /// listed: every resource that exists now, in every account the principal can
    /// reach, and every one created later. A typo in the exclusion silently widens the
    /// grant. `NotResource` is meant for `Deny` statements; an `Allow` should name the
    /// resources it grants.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::payroll/*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::reports/*" }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html>
    pub AllowWithNotResource {
        id: "IAM106",
        name: "allow-with-not-resource",
        severity: Medium,
        precision: High,
        tags: ["least-privilege"],
        summary: "Allow statement uses NotResource, granting every resource not listed",
    }
}

/// True when the statement certainly has a `NotResource`: some item of it is known. An
/// element that is only an unresolved expression may be null, as an optional object
/// attribute the caller left out is (`not_actions = statement.value.not_actions`).
fn present(items: Option<&crate::model::policy::Items>) -> bool {
    items.is_some_and(|i| i.known().next().is_some())
}

impl Rule for AllowWithNotResource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if policy.is_identity() && st.is_allow() && present(st.not_resource.as_ref()) {
            cx.report(
                &Self::META,
                st.span,
                &policy.origin.address,
                "`Allow` with `NotResource` grants every resource except those listed; name the resources in `Resource`",
            );
        }
    }
}
