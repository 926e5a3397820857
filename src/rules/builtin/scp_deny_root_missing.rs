use crate::model::policy::{Condition, Document, Effect, Statement};
use crate::model::semantics::{value_matches, Tri};
use crate::model::{Inventory, Origin};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// In a scan that declares service control policies (an organization repository:
    /// `aws_organizations_policy` of type `SERVICE_CONTROL_POLICY`,
    /// `AWS::Organizations::Policy`), reports when none of them denies the root user of
    /// the member accounts: a `Deny` statement with a `StringLike`, `StringEquals`,
    /// `ArnLike` or `ArnEquals` condition (`…IfExists` and `ForAnyValue:` included) on
    /// `aws:PrincipalArn` whose values match `arn:aws:iam::<account>:root`
    /// (`arn:aws:iam::*:root`, `arn:*:iam::*:root`). Which actions the statement denies
    /// is not judged: a guardrail that denies the root user only some actions counts.
    ///
    /// It reports once per scan, at the service control policy declared first (by file,
    /// then position), and never in a scan without service control policies.
    ///
    /// Not reported, because the missing statement could be there: an SCP whose
    /// document, statement list, effect or condition is not known, a root-denying
    /// statement whose `aws:PrincipalArn` values are not known, and a scan with a module
    /// it could not read (see `--show-unknown`). It does not check that the denying
    /// policy is attached to the root or the OUs, nor see SCPs managed outside the scan.
    ///
    /// ## Why is this bad?
    /// Every member account has a root user that no IAM policy can restrict. Its
    /// credentials (often an e-mail password reset away) give full control of the
    /// account. An SCP that denies the root user is the only preventive control that
    /// applies to it; break-glass access then goes through the management account.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_organizations_policy" "guardrails" {
    ///   name    = "guardrails"
    ///   content = jsonencode({
    ///     Version   = "2012-10-17"
    ///     Statement = [{ Effect = "Deny", Action = "s3:DeleteBucket", Resource = "*" }]
    ///   })
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_organizations_policy" "deny_root" {
    ///   name    = "deny-root-user"
    ///   content = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [{
    ///       Effect    = "Deny"
    ///       Action    = "*"
    ///       Resource  = "*"
    ///       Condition = { StringLike = { "aws:PrincipalArn" = "arn:aws:iam::*:root" } }
    ///     }]
    ///   })
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html>
    pub ScpDenyRootMissing {
        id: "IAM602",
        name: "scp-deny-root-missing",
        severity: Medium,
        precision: High,
        tags: ["account", "organizations", "root-user"],
        summary: "No service control policy denies the root user of member accounts",
    }
}

/// A sample root user ARN that `arn:aws:iam::*:root` patterns match.
const ROOT_ARN: &str = "arn:aws:iam::111122223333:root";

/// Whether some statement of some SCP of the scan passes `test`: `Yes` when one does,
/// `Unknown` when one might (its document, statement list or effect is not known, or
/// `test` says so), else `No`.
fn some_scp_statement(inv: &Inventory, test: impl Fn(&Statement) -> Tri) -> Tri {
    let mut found = Tri::No;
    for scp in &inv.service_control_policies {
        let Document::Parsed(doc) = &scp.document else {
            found = found.or(Tri::Unknown);
            continue;
        };
        if doc.statements_incomplete {
            found = found.or(Tri::Unknown);
        }
        for st in &doc.statements {
            let t = match st.effect {
                Effect::Unknown(_) => Tri::Unknown,
                _ => test(st),
            };
            found = found.or(t);
            if found.is_yes() {
                return found;
            }
        }
    }
    found
}

/// Where an organization-wide "no SCP does this" finding goes: the SCP declared first,
/// when the scan has SCPs, read every module, and surely none has a statement passing
/// `test` (see [`some_scp_statement`]); `None` otherwise.
pub(crate) fn no_scp_statement(
    inv: &Inventory,
    test: impl Fn(&Statement) -> Tri,
) -> Option<&Origin> {
    let first = first_origin(inv.service_control_policies.iter().map(|p| &p.origin))?;
    (!has_unread_module(inv) && some_scp_statement(inv, test).is_no()).then_some(first)
}

/// The origin declared first, by file and position.
pub(crate) fn first_origin<'a>(origins: impl Iterator<Item = &'a Origin>) -> Option<&'a Origin> {
    origins.min_by_key(|o| (o.span.file, o.span.start))
}

/// True when the scan left a module unread (its source is not a literal, not in the
/// scan, not installed): what a baseline rule misses could be declared in it.
pub(crate) fn has_unread_module(inv: &Inventory) -> bool {
    inv.notes.iter().any(|n| n.subject.contains("module."))
}

/// Whether a condition is one of `ops` (case-sensitive, as IAM is) on `key`, with
/// the `ForAnyValue:` / `ForAllValues:` qualifiers and the `IfExists` suffix allowed;
/// `Unknown` when its operator or key is not known.
pub(crate) fn condition_is(c: &Condition, ops: &[&str], key: &str) -> Tri {
    let (Some(op), Some(k)) = (c.operator.as_known(), c.key.as_known()) else {
        return Tri::Unknown;
    };
    if !k.eq_ignore_ascii_case(key) {
        return Tri::No;
    }
    let op = op
        .strip_prefix("ForAnyValue:")
        .or_else(|| op.strip_prefix("ForAllValues:"))
        .unwrap_or(op);
    let op = op.strip_suffix("IfExists").unwrap_or(op);
    Tri::from_bool(ops.contains(&op))
}

/// Whether a statement denies the root user: a `Deny` with a condition that matches
/// `aws:PrincipalArn` against root user ARNs.
fn denies_root(st: &Statement) -> Tri {
    if st.effect != Effect::Deny {
        return Tri::No;
    }
    let mut r = if st.conditions_incomplete {
        Tri::Unknown
    } else {
        Tri::No
    };
    for c in &st.conditions {
        let is = condition_is(
            c,
            &["StringLike", "StringEquals", "ArnLike", "ArnEquals"],
            "aws:PrincipalArn",
        );
        let values = if is.is_no() {
            Tri::No
        } else {
            let mut v = if c.values.incomplete {
                Tri::Unknown
            } else {
                Tri::No
            };
            for item in &c.values.items {
                v = v.or(value_matches(&item.value, ROOT_ARN, false));
            }
            v
        };
        r = r.or(is.and(values));
    }
    r
}

impl Rule for ScpDenyRootMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let Some(first) = no_scp_statement(inv, denies_root) else {
            return;
        };
        cx.report(
            &Self::META,
            first.span,
            &first.address,
            format!(
                "the scan declares {} service control polic{} but none denies the root user \
                 of member accounts (a Deny on `aws:PrincipalArn` like `arn:aws:iam::*:root`)",
                inv.service_control_policies.len(),
                if inv.service_control_policies.len() == 1 {
                    "y"
                } else {
                    "ies"
                }
            ),
        );
    }
}
