use crate::model::policy::{Effect, Statement};
use crate::model::semantics::Tri;
use crate::model::Inventory;
use crate::rules::builtin::scp_deny_root_missing::{condition_is, no_scp_statement};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// In a scan that declares service control policies (an organization repository),
    /// reports when none of them restricts the regions member accounts can use: a
    /// `Deny` statement with a `StringNotEquals` or `StringNotLike` condition
    /// (`…IfExists`, `StringNotEqualsIgnoreCase` and the `ForAnyValue:` /
    /// `ForAllValues:` qualifiers included) on `aws:RequestedRegion`. The region list
    /// itself may be a variable, and the statement usually exempts global services
    /// with `NotAction`; neither is judged.
    ///
    /// It reports once per scan, at the service control policy declared first (by file,
    /// then position), and never in a scan without service control policies.
    ///
    /// Not reported, because the restriction could be there: an SCP whose document,
    /// statement list, effect or condition operator or key is not known, and a scan
    /// with a module it could not read (see `--show-unknown`). It does not see a region
    /// restriction written as an `Allow` with `StringEquals` in an allow-list strategy
    /// (that scan is reported; suppress it with a reason), nor check that the policy is
    /// attached, nor see SCPs managed outside the scan.
    ///
    /// ## Why is this bad?
    /// Resources started in regions nobody watches (crypto miners after a key leak,
    /// forgotten test stacks) escape monitoring, budgets and data residency rules. A
    /// region guardrail at the organization level stops that in every account at once,
    /// whatever the accounts' own IAM allows.
    ///
    /// ## Example
    /// ```json
    /// { "Version": "2012-10-17",
    ///   "Statement": [{ "Effect": "Deny", "Action": "organizations:LeaveOrganization",
    ///                   "Resource": "*" }] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Version": "2012-10-17",
    ///   "Statement": [{ "Effect": "Deny",
    ///     "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*",
    ///                   "route53:*", "budgets:*"],
    ///     "Resource": "*",
    ///     "Condition": { "StringNotEquals": {
    ///       "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } } }] }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion>
    pub ScpRegionRestriction {
        id: "IAM603",
        name: "scp-region-restriction",
        severity: Low,
        precision: High,
        tags: ["account", "organizations"],
        summary: "No service control policy restricts the regions member accounts can use",
    }
}

/// Whether a statement denies requests outside a region list.
fn restricts_regions(st: &Statement) -> Tri {
    if st.effect != Effect::Deny {
        return Tri::No;
    }
    let mut r = if st.conditions_incomplete {
        Tri::Unknown
    } else {
        Tri::No
    };
    for c in &st.conditions {
        r = r.or(condition_is(
            c,
            &[
                "StringNotEquals",
                "StringNotLike",
                "StringNotEqualsIgnoreCase",
            ],
            "aws:RequestedRegion",
        ));
    }
    r
}

impl Rule for ScpRegionRestriction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let Some(first) = no_scp_statement(inv, restricts_regions) else {
            return;
        };
        cx.report(
            &Self::META,
            first.span,
            &first.address,
            "no service control policy of the scan denies requests outside an allowed region \
             list (a Deny with StringNotEquals on `aws:RequestedRegion`)",
        );
    }
}
