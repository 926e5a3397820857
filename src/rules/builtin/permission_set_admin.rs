use std::sync::OnceLock;

use crate::analysis::effective::{request_context, ADMIN_PROBES};
use crate::catalogue::{managed_policies, EMBEDDED_FILE};
use crate::model::policy::Document;
use crate::model::semantics::{evaluate, Request, Tri};
use crate::model::{aws_managed_policy_name, Inventory, PermissionSetGrant, PolicyKind};
use crate::rules::{Ctx, RawFinding, Related, Rule, RuleMeta};
use crate::source::Span;
use crate::value::Value;

declare_rule! {
    /// ## What it does
    /// Flags an IAM Identity Center permission set (`aws_ssoadmin_permission_set`,
    /// `AWS::SSO::PermissionSet`) whose policies make everyone assigned to it an
    /// administrator of the accounts it is provisioned to:
    ///
    /// - administrator as leastpriv decides it for principals (`admin-without-mfa`,
    ///   `too-many-admins`): every action, the IAM ones included, allowed on `*`, e.g.
    ///   the AWS managed `AdministratorAccess` or an inline policy allowing `*` on `*`;
    /// - or IAM administrator: every IAM action needed to create users and roles and give
    ///   them any policy (`iam:CreateUser`, `iam:CreateRole`, `iam:AttachRolePolicy`,
    ///   `iam:PutRolePolicy`, `iam:CreateAccessKey`, `iam:PassRole`, …) allowed on `*`,
    ///   e.g. the AWS managed `IAMFullAccess`, which is administrator one step later.
    ///
    /// The policies are the permission set's inline policy, its AWS managed policies
    /// (read from the embedded catalogue) and its customer managed policy references
    /// (the policy of that name declared in the scan, if any), linked to it by reference
    /// (`permission_set_arn = aws_ssoadmin_permission_set.x.arn`, or the CloudFormation
    /// resource's own properties). A policy that is not known (a customer managed policy
    /// not in the scan, an unresolved document) might deny, so a permission set that has
    /// one is not reported; neither are grants whose permission set reference cannot be
    /// resolved. Permission boundaries of permission sets and the SCPs of the target
    /// accounts are not seen. `PowerUserAccess` (everything but IAM and Organizations) is
    /// not administrator here.
    ///
    /// ## Why is this bad?
    /// A permission set is assigned to groups of people across many accounts at once.
    /// An administrator permission set turns every member of those groups, and every
    /// stolen session of theirs, into an administrator of every account it reaches.
    /// Administrator access belongs to a small break-glass set with its own approval,
    /// and day-to-day permission sets should be scoped to the job.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ssoadmin_managed_policy_attachment" "dev" {
    ///   instance_arn       = local.sso_instance_arn
    ///   permission_set_arn = aws_ssoadmin_permission_set.developers.arn
    ///   managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_ssoadmin_managed_policy_attachment" "dev" {
    ///   instance_arn       = local.sso_instance_arn
    ///   permission_set_arn = aws_ssoadmin_permission_set.developers.arn
    ///   managed_policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html>
    /// - <https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_permissions_least_privileges.html>
    pub PermissionSetAdmin {
        id: "IAM605",
        name: "permission-set-admin",
        severity: High,
        precision: High,
        tags: ["identity-center", "least-privilege"],
        summary: "Permission set grants administrator access",
    }
}

/// IAM actions that together let a principal create principals and give them any
/// permission: an IAM administrator.
const IAM_ADMIN_PROBES: &[&str] = &[
    "iam:CreateUser",
    "iam:CreateRole",
    "iam:AttachUserPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutRolePolicy",
    "iam:CreateAccessKey",
    "iam:UpdateAssumeRolePolicy",
    "iam:PassRole",
];

fn unknown_document() -> &'static Document {
    static UNKNOWN: OnceLock<Document> = OnceLock::new();
    UNKNOWN.get_or_init(|| Document::Unknown {
        expr: "a policy not in the scan".into(),
        span: Span::new(EMBEDDED_FILE, 0, 0),
    })
}

/// One policy of a permission set: its document, where to point for it, what it is,
/// and whether its statements are in a scanned file.
struct Grant<'a> {
    document: &'a Document,
    anchor: Span,
    label: String,
    embedded: bool,
}

/// The documents a permission set's policy stands for.
fn grant<'a>(inv: &'a Inventory, p: &'a crate::model::PermissionSetPolicy) -> Grant<'a> {
    let at = p.origin.span;
    match &p.grant {
        PermissionSetGrant::Inline(d) => Grant {
            document: d,
            anchor: at,
            label: format!("inline policy {}", p.origin.address),
            embedded: false,
        },
        PermissionSetGrant::Managed(r) => {
            match aws_managed_policy_name(r).and_then(|n| managed_policies().by_name(n)) {
                Some(m) => Grant {
                    document: m.document(),
                    anchor: at,
                    label: format!("AWS managed policy {} ({})", m.name(), p.origin.address),
                    embedded: true,
                },
                None => Grant {
                    document: unknown_document(),
                    anchor: at,
                    label: format!("policy {} ({})", r.describe(), p.origin.address),
                    embedded: true,
                },
            }
        }
        PermissionSetGrant::CustomerManaged(name) => {
            let declared = match name {
                Value::Known(n) => inv.policies.iter().find(|q| {
                    matches!(q.kind, PolicyKind::Managed)
                        && q.name.as_ref().and_then(Value::as_known) == Some(n.as_str())
                }),
                _ => None,
            };
            match declared {
                Some(q) => Grant {
                    document: &q.document,
                    anchor: at,
                    label: format!(
                        "customer managed policy {} ({})",
                        q.origin.address, p.origin.address
                    ),
                    embedded: false,
                },
                None => Grant {
                    document: unknown_document(),
                    anchor: at,
                    label: format!(
                        "customer managed policy {} ({})",
                        name.render(),
                        p.origin.address
                    ),
                    embedded: true,
                },
            }
        }
    }
}

/// Whether every probe is allowed on `*`; with the grants of the first probe.
fn allows_all(grants: &[Grant<'_>], probes: &[&str]) -> (Tri, Vec<Related>) {
    let docs: Vec<&Document> = grants.iter().map(|g| g.document).collect();
    let context = request_context();
    let mut answer = Tri::Yes;
    let mut related = Vec::new();
    for probe in probes {
        let e = evaluate(
            &docs,
            &Request {
                action: probe,
                resource: "*",
                context: &context,
            },
        );
        answer = answer.and(e.answer);
        if !answer.is_yes() {
            return (answer, Vec::new());
        }
        if related.is_empty() {
            related = e
                .statements
                .iter()
                .filter_map(|r| {
                    let g = grants.get(r.document)?;
                    let statement = r
                        .statement
                        .filter(|_| !g.embedded)
                        .and_then(|i| g.document.parsed()?.statements.get(i));
                    Some(Related {
                        span: statement.map_or(g.anchor, |s| s.span),
                        message: format!("grants {probe} on * ({})", g.label),
                    })
                })
                .collect();
        }
    }
    (answer, related)
}

impl Rule for PermissionSetAdmin {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for (i, ps) in inv.permission_sets.iter().enumerate() {
            let grants: Vec<Grant<'_>> = inv
                .permission_set_grants(i)
                .into_iter()
                .map(|p| grant(inv, p))
                .collect();
            if grants.is_empty() {
                continue;
            }
            let name = ps.name.render();
            let (admin, related) = allows_all(&grants, ADMIN_PROBES);
            let (what, related) = if admin.is_yes() {
                ("administrator (every action on every resource)", related)
            } else {
                let (iam, related) = allows_all(&grants, IAM_ADMIN_PROBES);
                if !iam.is_yes() {
                    continue;
                }
                (
                    "IAM administrator (it can create principals with any policy)",
                    related,
                )
            };
            cx.push(RawFinding {
                rule: &Self::META,
                span: ps.origin.span,
                address: ps.origin.address.clone(),
                message: format!("permission set \"{name}\" makes everyone assigned to it {what}"),
                related,
                steps: Vec::new(),
            });
        }
    }
}
