use crate::analysis::{self, effective::At, paths::Goal};
use crate::model::Inventory;
use crate::rules::{Ctx, RawFinding, Related, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds users and roles that are not administrators themselves but can become one,
    /// or gain an escalation method, by assuming roles: the principal's effective
    /// permissions allow `sts:AssumeRole` on a role (on `*`, or on the role's ARN), the
    /// role's trust policy admits the principal without conditions, and that role is an
    /// administrator or has a `privilege-escalation-method`, possibly after more such hops
    /// (at most 4 roles, each visited once). The finding is at the starting principal;
    /// every hop (the granting statement, the trust statement) and the last role's
    /// granting statement are the path's steps (SARIF `codeFlows`, and in text).
    ///
    /// A trust policy admits a principal when it names its ARN (`:user/NAME`,
    /// `:role/NAME`, any account), references its `arn` attribute, or names the account
    /// root written with `data.aws_caller_identity` (the scan's own account, which
    /// delegates to identity policies). A root of a literal account id is not assumed to
    /// be the scan's account, and a trust statement with conditions is not assumed to
    /// hold: neither makes a path.
    ///
    /// ## Why is this bad?
    /// Every other scanner looks at one policy at a time: a developer role that may only
    /// assume `ci-deployer` looks harmless until `ci-deployer` turns out to hold
    /// `AdministratorAccess`. The path is the real privilege of the principal.
    ///
    /// ## Example
    /// ```hcl
    /// # dev may assume deployer; deployer trusts dev and is administrator
    /// resource "aws_iam_role_policy_attachment" "deployer_admin" {
    ///   role       = aws_iam_role.deployer.name
    ///   policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
    /// }
    /// ```
    ///
    /// Use instead: trust only the principals that need the role, require MFA or an
    /// external id in its trust policy, and give the role least privilege.
    ///
    /// ## References
    /// - <https://pathfinding.cloud>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>
    pub PrivilegeEscalationPath {
        id: "IAM303",
        name: "privilege-escalation-path",
        severity: High,
        precision: Medium,
        tags: ["privilege-escalation", "least-privilege"],
        summary: "Principal can reach administrator or an escalation method by assuming roles",
    }
}

impl Rule for PrivilegeEscalationPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let analysis = cx.analysis();
        for path in &analysis.paths {
            let Some(p) = path.from.get(inv) else {
                continue;
            };
            let mut steps: Vec<Related> = Vec::new();
            let mut chain = vec![analysis::describe(inv, path.from)];
            let mut from = analysis::describe(inv, path.from);
            for hop in &path.hops {
                let role = analysis::describe(inv, hop.role);
                steps.extend(At::related(
                    &hop.grants,
                    &format!("{from} may call sts:AssumeRole on {role}"),
                ));
                steps.push(Related {
                    span: hop.trust.span,
                    message: format!("{role} trusts {from} ({})", hop.trust.label),
                });
                chain.push(role.clone());
                from = role;
            }
            let goal = match path.goal {
                Goal::Admin => "administrator".to_string(),
                Goal::Method(id) => format!("escalation method {id}"),
            };
            steps.extend(At::related(&path.goal_grants, &format!("{from} is {goal}")));
            cx.push(RawFinding {
                rule: &Self::META,
                span: p.origin.span,
                address: p.origin.address.clone(),
                message: format!(
                    "{} can reach {goal} by assuming roles: {}",
                    analysis::describe(inv, path.from),
                    chain.join(" -> ")
                ),
                related: steps.clone(),
                steps,
            });
        }
    }
}
