use crate::analysis::{self, effective::At};
use crate::model::{Inventory, PrincipalKind};
use crate::rules::{Ctx, RawFinding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds, for every user, group and role, the published privilege-escalation methods
    /// its effective permissions allow: its inline and attached policies (AWS managed
    /// ones with their real statements), for a user its groups' policies, limited by its
    /// permission boundary and minus explicit denies, including the denies of service
    /// control policies of the scan (attached to the organization root they stop the
    /// method; attached to an OU or account, whose members the scan cannot know, they make
    /// it unknown, so it is not reported). A method is reported when every
    /// action it needs is allowed on every resource (`*`); `iam:PassRole` is asked for
    /// the method's service (`iam:PassedToService`). One finding per principal and
    /// method, at the principal, with the granting statements as related locations.
    ///
    /// The methods (Rhino Security Labs' 21 and later additions from pathfinding.cloud):
    /// policy versions (`iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`), access
    /// keys and login profiles of other users, policy attachment and inline policies on
    /// users, groups and (with `sts:AssumeRole`) roles, `iam:AddUserToGroup`, trust policy
    /// updates, permission boundary removal or replacement, `iam:PassRole` with EC2, Lambda
    /// (invoke or event source), Glue (dev endpoint, job), CloudFormation, Data Pipeline,
    /// CodeBuild, ECS, SageMaker (notebook, training, processing), App Runner and Auto
    /// Scaling, `glue:UpdateDevEndpoint`, `lambda:UpdateFunctionCode`, `ssm:SendCommand`,
    /// `ssm:StartSession` and `ec2-instance-connect:SendSSHPublicKey`.
    ///
    /// Not reported: administrators (they need no escalation), a user's method that one of
    /// its groups already has (reported on the group), on a role the methods that raise
    /// only a user or a group member (attaching or writing user or group policies,
    /// `iam:AddUserToGroup`, changing a user's permission boundary: a role is no user and
    /// in no group, so these give it nothing by themselves), and anything that rests on a value
    /// the scan cannot resolve (an unresolved policy or boundary, a condition it cannot
    /// decide). Grants limited to named resources are not counted: whether those
    /// resources are privileged is not seen.
    ///
    /// Known limit: a role that only an AWS service assumes is judged like any other
    /// principal. Service roles built on AWS's older managed policies (the EMR and
    /// Batch service roles' `iam:PassRole` with `ec2:RunInstances` on `*`) are reported
    /// although no code of yours runs as them; replace those policies with their scoped
    /// successors or suppress the finding with that reason.
    ///
    /// ## Why is this bad?
    /// Each method lets the principal give itself, or take over, permissions it was not
    /// granted: a user with `iam:CreatePolicyVersion` on its own policy is an
    /// administrator in one API call. Least privilege is only as strong as the weakest
    /// of these doors.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*" }
    /// ```
    ///
    /// Use instead: name the roles that may be passed and the resources that may be
    /// changed, or bound the principal with a permission boundary that denies the method.
    /// ```json
    /// { "Effect": "Allow", "Action": "iam:PassRole",
    ///   "Resource": "arn:aws:iam::111122223333:role/web-instance" }
    /// ```
    ///
    /// ## References
    /// - <https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/>
    /// - <https://pathfinding.cloud>
    pub PrivilegeEscalationMethod {
        id: "IAM302",
        name: "privilege-escalation-method",
        severity: High,
        precision: High,
        tags: ["privilege-escalation", "least-privilege"],
        summary: "Principal can escalate its privileges by a known method",
    }
}

/// Methods whose gain goes to the acting user itself or to a group it is in: a role
/// that has them changes other principals, not itself.
const USER_ONLY: &[&str] = &[
    "iam-attach-user-policy",
    "iam-put-user-policy",
    "iam-put-user-permissions-boundary",
    "iam-delete-user-permissions-boundary",
    "iam-attach-group-policy",
    "iam-put-group-policy",
    "iam-add-user-to-group",
];

impl Rule for PrivilegeEscalationMethod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let analysis = cx.analysis();
        for s in &analysis.subjects {
            if s.admin.answer.is_yes() {
                continue;
            }
            let Some(p) = s.id.get(inv) else { continue };
            let groups = analysis.groups_of(inv, s.id);
            let is_role = s.id.kind == PrincipalKind::Role;
            for found in s.methods.iter().filter(|f| f.answer.is_yes()) {
                if is_role && USER_ONLY.contains(&found.method.id) {
                    continue;
                }
                let from_group = groups.iter().any(|g| {
                    g.methods
                        .iter()
                        .any(|f| f.method.id == found.method.id && f.answer.is_yes())
                });
                if from_group {
                    continue;
                }
                let m = found.method;
                cx.push(RawFinding {
                    rule: &Self::META,
                    span: p.origin.span,
                    address: p.origin.address.clone(),
                    message: format!(
                        "{} can escalate privileges by {}: it may {} on {}, and so {} [{}]",
                        analysis::describe(inv, s.id),
                        m.name,
                        m.actions.join(" and "),
                        m.target.describe(),
                        m.description,
                        m.id
                    ),
                    related: At::related(&found.grants, &format!("grants {}", m.name)),
                    steps: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::USER_ONLY;
    use crate::analysis::methods::METHODS;

    #[test]
    fn user_only_methods_exist() {
        for id in USER_ONLY {
            assert!(METHODS.iter().any(|m| m.id == *id), "{id}");
        }
    }
}
