use crate::model::policy::{Document, Statement};
use crate::model::{Inventory, Policy, PolicyKind};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an `Allow` statement with `NotPrincipal`, in a role trust policy or in a
    /// resource policy (S3 bucket, SQS queue, SNS topic, KMS key, ECR repository,
    /// Secrets Manager secret). Reported at the statement, whatever its
    /// conditions: the construct itself is the problem.
    ///
    /// Not reported: `Deny` with `NotPrincipal` (the documented, if fragile, way to deny
    /// everyone but a list), statements whose effect is not known, a `NotPrincipal`
    /// whose every value is unknown (it may not exist: a `dynamic "not_principals"` block
    /// over a value the scan cannot resolve), and identity
    /// policies (where `NotPrincipal` is invalid and `malformed-policy` reports it).
    ///
    /// ## Why is this bad?
    /// `Allow` with `NotPrincipal` grants access to every principal in the world except
    /// the ones listed, anonymous callers included. It reads like a restriction but is
    /// the opposite, and AWS recommends against it. A principal added later is allowed
    /// by default.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:user/mallory" },
    ///   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }
    /// ```
    ///
    /// Use instead: name the principals that need access.
    /// ```json
    /// { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/reporting" },
    ///   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html>
    pub AllowWithNotPrincipal {
        id: "IAM203",
        name: "allow-with-not-principal",
        severity: High,
        precision: VeryHigh,
        tags: ["trust", "public-access"],
        summary: "Allow statement uses NotPrincipal, granting everyone but the listed principals",
    }
}

impl AllowWithNotPrincipal {
    fn check(st: &Statement, address: &str, what: &str, cx: &mut Ctx<'_>) {
        // a `NotPrincipal` that names nothing known may not be there at all (a `dynamic
        // "not_principals"` block whose `for_each` is not known)
        let names_someone = st.not_principal.as_ref().is_some_and(|np| {
            np.any
                || np
                    .entries
                    .iter()
                    .flat_map(|e| e.values.items.iter())
                    .any(|i| !matches!(i.value, crate::value::Value::Unknown(_)))
        });
        if !names_someone || !st.is_allow() {
            return;
        }
        cx.report(
            &Self::META,
            st.span,
            address,
            format!(
                "`Allow` with `NotPrincipal` in a {what} grants every principal except those \
                 listed, anonymous callers included; name the allowed principals in `Principal`"
            ),
        );
    }
}

impl Rule for AllowWithNotPrincipal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if matches!(policy.kind, PolicyKind::Trust { .. }) {
            Self::check(st, &policy.origin.address, "trust policy", cx);
        }
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for rp in &inv.resource_policies {
            let Document::Parsed(doc) = &rp.document else {
                continue;
            };
            for st in &doc.statements {
                Self::check(st, &rp.origin.address, "resource policy", cx);
            }
        }
    }
}
