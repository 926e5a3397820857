use std::collections::BTreeSet;

use crate::model::policy::{Document, Effect, Statement};
use crate::model::semantics::resource_matches;
use crate::model::wildcard;
use crate::model::{Inventory, ServiceControlPolicy};
use crate::rules::{Ctx, Rule, RuleMeta};
use crate::source::Span;
use crate::value::Value;

declare_rule! {
    /// ## What it does
    /// Flags `Allow` statements of service control policies that defeat an allow-list
    /// strategy. An `Allow` statement without conditions on every resource (`*`) is
    /// reported when:
    ///
    /// - it allows every action of `iam` or `organizations` (`iam:*`,
    ///   `organizations:*`, a pattern such as `i*` that covers them, or a `NotAction`
    ///   that leaves them in) without being the plain `*`: in an allow list this hands
    ///   the services that change permissions and the organization itself to every
    ///   account unfiltered, and in a deny-list strategy (with AWS's `FullAWSAccess`) the
    ///   statement is redundant, so it only ever means the former;
    /// - it allows `*` in an SCP that also has `Allow` statements naming services (the
    ///   policy is written as an allow list, and its `*` makes the list allow
    ///   everything);
    /// - it allows `*` in an SCP attached (by `aws_organizations_policy_attachment` or
    ///   `TargetIds`) to the same root, OU or account as an allow-list SCP of the scan
    ///   (`Allow` statements only, none allowing `*`): SCPs at one level combine by
    ///   union, so the `*` lifts the list.
    ///
    /// An SCP that only allows `*` on `*` (a copy of `FullAWSAccess`, the default in a
    /// deny-list strategy) is not reported. Statements with conditions, an unknown
    /// effect or an unknown `Resource` are not judged; unknown `Action` items never make
    /// a statement broad. It does not see the `FullAWSAccess` policy AWS attaches by
    /// default, attachments whose target or policy cannot be resolved, nor SCPs outside
    /// the scan.
    ///
    /// ## Why is this bad?
    /// In an allow-list strategy the SCPs are the ceiling of every member account: only
    /// what they allow can be granted at all. A broad `Allow` silently turns the ceiling
    /// off, and `iam:*` / `organizations:*` are the services that let an account's
    /// administrators escape every other control.
    ///
    /// ## Example
    /// ```json
    /// { "Version": "2012-10-17",
    ///   "Statement": [
    ///     { "Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*" },
    ///     { "Effect": "Allow", "Action": "iam:*", "Resource": "*" } ] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Version": "2012-10-17",
    ///   "Statement": [
    ///     { "Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*" },
    ///     { "Effect": "Allow", "Action": ["iam:Get*", "iam:List*", "iam:PassRole"],
    ///       "Resource": "*" } ] }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_strategies.html>
    /// - <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html>
    pub ScpAllowStatementTooBroad {
        id: "IAM604",
        name: "scp-allow-statement-too-broad",
        severity: Medium,
        precision: Medium,
        tags: ["account", "organizations", "least-privilege"],
        summary: "SCP Allow statement defeats the allow-list strategy",
    }
}

/// The services whose every action an allow list must not pass on.
const SENSITIVE: &[&str] = &["iam", "organizations"];

/// An `Allow` statement without conditions on every resource, known to be so.
fn unconditional_allow_on_all(st: &Statement) -> bool {
    st.effect == Effect::Allow && !st.has_conditions() && resource_matches(st, "*").is_yes()
}

/// `Action` has an item that is exactly `*`.
fn allows_star(st: &Statement) -> bool {
    st.action.as_ref().is_some_and(|a| a.has_star())
}

/// The sensitive service whose every action the statement allows, if known to be so.
fn covered_service(st: &Statement) -> Option<&'static str> {
    SENSITIVE.iter().copied().find(|svc| {
        let all = format!("{svc}:*");
        match (&st.action, &st.not_action) {
            (Some(a), None) => a
                .known()
                .any(|p| p != "*" && wildcard::matches(p, &all, true)),
            // every excluded pattern is known and none can name an action of the service
            (None, Some(n)) => {
                n.fully_known()
                    && n.known().all(|p| match p.split_once(':') {
                        Some((service, _)) => !wildcard::matches(service, svc, true),
                        None => false,
                    })
            }
            _ => false,
        }
    })
}

/// An allow-list SCP: parsed, complete, with `Allow` statements only, none allowing `*`
/// or using `NotAction`.
fn is_allow_list(p: &ServiceControlPolicy) -> bool {
    let Document::Parsed(doc) = &p.document else {
        return false;
    };
    !doc.statements_incomplete
        && !doc.statements.is_empty()
        && doc
            .statements
            .iter()
            .all(|st| st.effect == Effect::Allow && st.not_action.is_none() && !allows_star(st))
}

/// The statements of an SCP that allow `*` on `*` without conditions.
fn star_statements(p: &ServiceControlPolicy) -> impl Iterator<Item = &Statement> {
    p.document
        .parsed()
        .into_iter()
        .flat_map(|d| d.statements.iter())
        .filter(|st| unconditional_allow_on_all(st) && allows_star(st))
}

impl Rule for ScpAllowStatementTooBroad {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let mut reported: BTreeSet<Span> = BTreeSet::new();
        let mut report = |cx: &mut Ctx<'_>, span: Span, address: &str, message: String| {
            if reported.insert(span) {
                cx.report(&Self::META, span, address, message);
            }
        };
        for p in &inv.service_control_policies {
            let Document::Parsed(doc) = &p.document else {
                continue;
            };
            let lists_services = doc.statements.iter().any(|st| {
                st.effect == Effect::Allow
                    && st.not_action.is_none()
                    && st
                        .action
                        .as_ref()
                        .is_some_and(|a| a.known().next().is_some())
                    && !allows_star(st)
            });
            for st in &doc.statements {
                if !unconditional_allow_on_all(st) {
                    continue;
                }
                if allows_star(st) {
                    if lists_services {
                        report(
                            cx,
                            st.span,
                            &p.origin.address,
                            "this SCP lists the services it allows but also allows `*` on `*`, \
                             so its list restricts nothing"
                                .into(),
                        );
                    }
                } else if let Some(svc) = covered_service(st) {
                    report(
                        cx,
                        st.span,
                        &p.origin.address,
                        format!(
                            "SCP statement allows every `{svc}` action on every resource: an \
                             allow list passes the permission-changing services on unfiltered"
                        ),
                    );
                }
            }
        }
        // a `*` SCP attached beside an allow-list SCP at the same target
        let mut targets: Vec<(&Value, &str)> = Vec::new();
        for a in &inv.scp_attachments {
            let t = (&a.target.value, a.origin.scope.as_str());
            if !targets
                .iter()
                .any(|(v, s)| v.render() == t.0.render() && *s == t.1)
            {
                targets.push(t);
            }
        }
        for (target, scope) in targets {
            let scps = inv.scps_attached_to(target, scope);
            let Some(list) = scps.iter().find(|p| is_allow_list(p)) else {
                continue;
            };
            for p in &scps {
                for st in star_statements(p) {
                    report(
                        cx,
                        st.span,
                        &p.origin.address,
                        format!(
                            "this SCP allows `*` on `*` and is attached to {} beside the \
                             allow-list SCP {}, which it lifts",
                            target.render(),
                            list.origin.address
                        ),
                    );
                }
            }
        }
    }
}
