use crate::analysis;
use crate::analysis::effective::{request_context, At};
use crate::model::Inventory;
use crate::rules::{Ctx, RawFinding, Rule, RuleMeta};

/// Actions that create or widen users and roles and accept the `iam:PermissionsBoundary`
/// condition key.
pub const BOUNDARY_ACTIONS: &[&str] = &[
    "iam:CreateRole",
    "iam:CreateUser",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
];

declare_rule! {
    /// ## What it does
    /// Flags a user, group or role whose effective permissions allow creating users or
    /// roles or changing their policies (`iam:CreateRole`, `iam:CreateUser`,
    /// `iam:PutRolePolicy`, `iam:PutUserPolicy`, `iam:AttachRolePolicy`,
    /// `iam:AttachUserPolicy`, `iam:PutRolePermissionsBoundary`,
    /// `iam:PutUserPermissionsBoundary`) on every resource even when the request names
    /// no permission boundary, that is, without an `iam:PermissionsBoundary` condition.
    /// One finding per principal, listing the actions, with the granting statements as
    /// related locations. Administrators are not reported (other rules cover them), nor
    /// a user whose groups already have the same actions, nor grants that rest on
    /// something the scan cannot resolve.
    ///
    /// ## Why is this bad?
    /// Delegated IAM administration is safe only when every user or role the delegate
    /// creates or changes carries a boundary that caps it. Without the condition the
    /// delegate can create a role with `AdministratorAccess` and assume it.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": ["iam:CreateRole", "iam:AttachRolePolicy"], "Resource": "*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Action": ["iam:CreateRole", "iam:AttachRolePolicy"], "Resource": "*",
    ///   "Condition": { "StringEquals": {
    ///     "iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/workload-boundary" } } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html>
    pub IamWriteWithoutPermissionBoundaryCondition {
        id: "IAM306",
        name: "iam-write-without-permission-boundary-condition",
        severity: High,
        precision: High,
        tags: ["privilege-escalation", "permission-boundary"],
        summary: "IAM user or role writes allowed without an iam:PermissionsBoundary condition",
    }
}

impl Rule for IamWriteWithoutPermissionBoundaryCondition {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let analysis = cx.analysis();
        let cxt = request_context().without("iam:PermissionsBoundary");
        let allowed = |s: &analysis::Subject<'_>| -> Vec<(&'static str, Vec<At>)> {
            BOUNDARY_ACTIONS
                .iter()
                .filter_map(|a| {
                    let d = s.effective.allows(a, "*", &cxt);
                    d.answer.is_yes().then_some((*a, d.grants))
                })
                .collect()
        };
        for s in &analysis.subjects {
            if s.admin.answer.is_yes() {
                continue;
            }
            let Some(p) = s.id.get(inv) else { continue };
            let actions = allowed(s);
            if actions.is_empty() {
                continue;
            }
            let names: Vec<&str> = actions.iter().map(|(a, _)| *a).collect();
            let inherited = analysis.groups_of(inv, s.id).iter().any(|g| {
                let theirs: Vec<&str> = allowed(g).iter().map(|(a, _)| *a).collect();
                names.iter().all(|a| theirs.contains(a))
            });
            if inherited {
                continue;
            }
            let mut related = Vec::new();
            for (a, grants) in &actions {
                for r in At::related(grants, &format!("grants {a}")) {
                    if !related
                        .iter()
                        .any(|x: &crate::rules::Related| x.span == r.span)
                    {
                        related.push(r);
                    }
                }
            }
            cx.push(RawFinding {
                rule: &Self::META,
                span: p.origin.span,
                address: p.origin.address.clone(),
                message: format!(
                    "{} may {} on every resource without an `iam:PermissionsBoundary` condition",
                    analysis::describe(inv, s.id),
                    names.join(", ")
                ),
                related,
                steps: Vec::new(),
            });
        }
    }
}
