use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that combines `"Effect": "Allow"` with
    /// `NotResource`.
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

impl Rule for AllowWithNotResource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if policy.is_identity() && st.is_allow() && st.not_resource.is_some() {
            cx.report(
                &Self::META,
                st.span,
                &policy.origin.address,
                "`Allow` with `NotResource` grants every resource except those listed; name the resources in `Resource`",
            );
        }
    }
}
