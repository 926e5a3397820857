use crate::model::policy::{Item, Statement};
use crate::model::wildcard::action_matches;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that allows `iam:PassRole` (written as
    /// `iam:PassRole` or through a wildcard such as `iam:*` or `iam:Pass*`) on every role:
    /// `"Resource": "*"` or a role ARN ending in `:role/*`. A statement whose only
    /// condition is `iam:PassedToService` is still flagged (it limits the service, not the
    /// role); other conditions, and conditions that cannot be resolved, are given the
    /// benefit of the doubt. A bare `"Action": "*"` is left to `wildcard-action` and
    /// `full-admin-statement`, which already report it.
    ///
    /// ## Why is this bad?
    /// Passing a role hands its permissions to a service: whoever can pass any role can
    /// start an EC2 instance, a Lambda function, a Glue job or a CloudFormation stack with
    /// the account's most privileged role and act through it. This is one of the most
    /// common privilege-escalation paths in AWS. `iam:PassRole` should name the roles a
    /// workload is meant to hand on.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction"], "Resource": "*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Action": "iam:PassRole",
    ///   "Resource": "arn:aws:iam::111122223333:role/lambda-exec-reports",
    ///   "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html>
    /// - <https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/>
    pub PassroleAnyResource {
        id: "IAM301",
        name: "passrole-any-resource",
        severity: High,
        precision: High,
        tags: ["privilege-escalation", "least-privilege"],
        summary: "iam:PassRole allowed on every role",
    }
}

/// True when a resource item covers every role: `*`, or an ARN whose known ending is
/// `:role/*` (`arn:aws:iam::111122223333:role/*`, also with an unresolved account).
fn any_role(item: &Item) -> bool {
    item.value.is("*")
        || item
            .value
            .known_suffix()
            .is_some_and(|s| s.ends_with(":role/*"))
}

impl Rule for PassroleAnyResource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !policy.is_identity() || !st.is_allow() || st.conditions_incomplete {
            return;
        }
        let Some(actions) = &st.action else { return };
        let grant = actions
            .known()
            .find(|a| *a != "*" && action_matches(a, "iam:PassRole"));
        let Some(grant) = grant else { return };
        let Some(resource) = st
            .resource
            .as_ref()
            .and_then(|r| r.items.iter().find(|i| any_role(i)))
        else {
            return;
        };
        let only_service_condition = st
            .conditions
            .iter()
            .all(|c| c.key_lower().as_deref() == Some("iam:passedtoservice"));
        if !only_service_condition {
            return;
        }
        let mut msg = format!(
            "`{grant}` allows passing every role (`{}`) to a service; name the roles instead",
            resource.value.render()
        );
        if !st.conditions.is_empty() {
            msg.push_str(" (`iam:PassedToService` limits the service, not the role)");
        }
        cx.report(&Self::META, st.span, &policy.origin.address, msg);
    }
}
