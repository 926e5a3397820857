//! The published privilege-escalation methods, as data.
//!
//! A Rust table rather than a data file: it is small, compiled in, checked by the type
//! system, and a unit test checks every action against the action catalogue. Each
//! [`Method`] lists the actions it needs (all of them), what they must apply to, the
//! service a passed role goes to, and where the method is described. Sources: the 21
//! methods of Rhino Security Labs (2018) and later additions collected by
//! pathfinding.cloud and Bishop Fox's iam-vulnerable.
//!
//! Detection ([`super::escalation`]) asks for each action whether the principal may do it
//! on every resource (`*`): a grant limited to named resources is not counted (it may
//! still be an escalation if those resources are privileged; that is not seen).

/// What the actions of a method must be allowed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Any managed policy (its versions).
    Policies,
    /// Other users (their keys, passwords, policies, boundaries).
    Users,
    /// Groups the principal is in, or can join.
    Groups,
    /// Roles the principal can then assume or pass.
    Roles,
    /// Existing compute (functions, instances, dev endpoints) that runs with a role.
    Workloads,
}

impl Target {
    /// For messages: `every role`.
    pub fn describe(self) -> &'static str {
        match self {
            Target::Policies => "every managed policy",
            Target::Users => "every user",
            Target::Groups => "every group",
            Target::Roles => "every role",
            Target::Workloads => "every resource of the service",
        }
    }
}

/// One escalation method.
#[derive(Clone, Copy, Debug)]
pub struct Method {
    /// Stable id (`iam-create-policy-version`).
    pub id: &'static str,
    /// Short title.
    pub name: &'static str,
    /// Every action it needs.
    pub actions: &'static [&'static str],
    /// What the actions must be allowed on.
    pub target: Target,
    /// The service a role is passed to (`iam:PassedToService`), for `iam:PassRole`.
    pub passed_to: Option<&'static str>,
    /// Where it is described.
    pub reference: &'static str,
    /// What the attacker does.
    pub description: &'static str,
}

const RHINO: &str =
    "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/";
const PATHFINDING: &str = "https://pathfinding.cloud";

macro_rules! method {
    ($id:literal, $name:literal, [$($a:literal),+], $target:ident, $passed:expr, $reference:expr, $desc:literal) => {
        Method {
            id: $id,
            name: $name,
            actions: &[$($a),+],
            target: Target::$target,
            passed_to: $passed,
            reference: $reference,
            description: $desc,
        }
    };
}

/// Every known method.
pub const METHODS: &[Method] = &[
    method!(
        "iam-create-policy-version",
        "CreatePolicyVersion",
        ["iam:CreatePolicyVersion"],
        Policies,
        None,
        RHINO,
        "create a new default version of a policy attached to itself, granting anything"
    ),
    method!(
        "iam-set-default-policy-version",
        "SetDefaultPolicyVersion",
        ["iam:SetDefaultPolicyVersion"],
        Policies,
        None,
        RHINO,
        "switch a policy attached to itself to an older, more permissive version"
    ),
    method!(
        "iam-create-access-key",
        "CreateAccessKey",
        ["iam:CreateAccessKey"],
        Users,
        None,
        RHINO,
        "create an access key for a more privileged user and act as that user"
    ),
    method!(
        "iam-create-login-profile",
        "CreateLoginProfile",
        ["iam:CreateLoginProfile"],
        Users,
        None,
        RHINO,
        "give a more privileged user without a console password one, and sign in as that user"
    ),
    method!(
        "iam-update-login-profile",
        "UpdateLoginProfile",
        ["iam:UpdateLoginProfile"],
        Users,
        None,
        RHINO,
        "change a more privileged user's console password and sign in as that user"
    ),
    method!(
        "iam-attach-user-policy",
        "AttachUserPolicy",
        ["iam:AttachUserPolicy"],
        Users,
        None,
        RHINO,
        "attach AdministratorAccess to itself"
    ),
    method!(
        "iam-attach-group-policy",
        "AttachGroupPolicy",
        ["iam:AttachGroupPolicy"],
        Groups,
        None,
        RHINO,
        "attach AdministratorAccess to a group it is in"
    ),
    method!(
        "iam-attach-role-policy",
        "AttachRolePolicy + AssumeRole",
        ["iam:AttachRolePolicy", "sts:AssumeRole"],
        Roles,
        None,
        RHINO,
        "attach AdministratorAccess to a role it can assume"
    ),
    method!(
        "iam-put-user-policy",
        "PutUserPolicy",
        ["iam:PutUserPolicy"],
        Users,
        None,
        RHINO,
        "write an inline policy granting anything into itself"
    ),
    method!(
        "iam-put-group-policy",
        "PutGroupPolicy",
        ["iam:PutGroupPolicy"],
        Groups,
        None,
        RHINO,
        "write an inline policy granting anything into a group it is in"
    ),
    method!(
        "iam-put-role-policy",
        "PutRolePolicy + AssumeRole",
        ["iam:PutRolePolicy", "sts:AssumeRole"],
        Roles,
        None,
        RHINO,
        "write an inline policy granting anything into a role it can assume"
    ),
    method!(
        "iam-add-user-to-group",
        "AddUserToGroup",
        ["iam:AddUserToGroup"],
        Groups,
        None,
        RHINO,
        "add itself to a more privileged group"
    ),
    method!(
        "iam-update-assume-role-policy",
        "UpdateAssumeRolePolicy + AssumeRole",
        ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
        Roles,
        None,
        RHINO,
        "rewrite a privileged role's trust policy to trust itself, then assume it"
    ),
    method!(
        "iam-put-user-permissions-boundary",
        "PutUserPermissionsBoundary",
        ["iam:PutUserPermissionsBoundary"],
        Users,
        None,
        PATHFINDING,
        "replace its own permission boundary with a permissive one"
    ),
    method!(
        "iam-delete-user-permissions-boundary",
        "DeleteUserPermissionsBoundary",
        ["iam:DeleteUserPermissionsBoundary"],
        Users,
        None,
        PATHFINDING,
        "remove its own permission boundary"
    ),
    method!(
        "iam-put-role-permissions-boundary",
        "PutRolePermissionsBoundary + AssumeRole",
        ["iam:PutRolePermissionsBoundary", "sts:AssumeRole"],
        Roles,
        None,
        PATHFINDING,
        "replace a role's permission boundary with a permissive one, then assume it"
    ),
    method!(
        "iam-delete-role-permissions-boundary",
        "DeleteRolePermissionsBoundary + AssumeRole",
        ["iam:DeleteRolePermissionsBoundary", "sts:AssumeRole"],
        Roles,
        None,
        PATHFINDING,
        "remove a role's permission boundary, then assume it"
    ),
    method!(
        "passrole-ec2",
        "PassRole + ec2:RunInstances",
        ["iam:PassRole", "ec2:RunInstances"],
        Roles,
        Some("ec2.amazonaws.com"),
        RHINO,
        "start an instance with a privileged role and read its credentials"
    ),
    method!(
        "passrole-lambda-invoke",
        "PassRole + lambda:CreateFunction + InvokeFunction",
        [
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction"
        ],
        Roles,
        Some("lambda.amazonaws.com"),
        RHINO,
        "create a function with a privileged role and invoke it"
    ),
    method!(
        "passrole-lambda-event-source",
        "PassRole + lambda:CreateFunction + CreateEventSourceMapping",
        [
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping"
        ],
        Roles,
        Some("lambda.amazonaws.com"),
        RHINO,
        "create a function with a privileged role and have an event source trigger it"
    ),
    method!(
        "passrole-glue-dev-endpoint",
        "PassRole + glue:CreateDevEndpoint",
        ["iam:PassRole", "glue:CreateDevEndpoint"],
        Roles,
        Some("glue.amazonaws.com"),
        RHINO,
        "create a Glue development endpoint with a privileged role and log in to it"
    ),
    method!(
        "passrole-glue-job",
        "PassRole + glue:CreateJob + StartJobRun",
        ["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"],
        Roles,
        Some("glue.amazonaws.com"),
        PATHFINDING,
        "create and run a Glue job with a privileged role"
    ),
    method!(
        "passrole-cloudformation",
        "PassRole + cloudformation:CreateStack",
        ["iam:PassRole", "cloudformation:CreateStack"],
        Roles,
        Some("cloudformation.amazonaws.com"),
        RHINO,
        "create a stack that acts with a privileged role"
    ),
    method!(
        "passrole-datapipeline",
        "PassRole + datapipeline:CreatePipeline + PutPipelineDefinition",
        [
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition"
        ],
        Roles,
        Some("datapipeline.amazonaws.com"),
        RHINO,
        "create a pipeline that runs commands with a privileged role"
    ),
    method!(
        "passrole-codebuild",
        "PassRole + codebuild:CreateProject + StartBuild",
        [
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild"
        ],
        Roles,
        Some("codebuild.amazonaws.com"),
        PATHFINDING,
        "create and run a build project with a privileged service role"
    ),
    method!(
        "passrole-ecs",
        "PassRole + ecs:RegisterTaskDefinition + RunTask",
        ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        Roles,
        Some("ecs-tasks.amazonaws.com"),
        PATHFINDING,
        "register a task definition with a privileged task role and run it"
    ),
    method!(
        "passrole-sagemaker-notebook",
        "PassRole + sagemaker:CreateNotebookInstance + CreatePresignedNotebookInstanceUrl",
        [
            "iam:PassRole",
            "sagemaker:CreateNotebookInstance",
            "sagemaker:CreatePresignedNotebookInstanceUrl"
        ],
        Roles,
        Some("sagemaker.amazonaws.com"),
        PATHFINDING,
        "create a notebook instance with a privileged role and open it"
    ),
    method!(
        "passrole-sagemaker-training",
        "PassRole + sagemaker:CreateTrainingJob",
        ["iam:PassRole", "sagemaker:CreateTrainingJob"],
        Roles,
        Some("sagemaker.amazonaws.com"),
        PATHFINDING,
        "run a training job with a privileged role and code of its choosing"
    ),
    method!(
        "passrole-sagemaker-processing",
        "PassRole + sagemaker:CreateProcessingJob",
        ["iam:PassRole", "sagemaker:CreateProcessingJob"],
        Roles,
        Some("sagemaker.amazonaws.com"),
        PATHFINDING,
        "run a processing job with a privileged role and code of its choosing"
    ),
    method!(
        "passrole-apprunner",
        "PassRole + apprunner:CreateService",
        ["iam:PassRole", "apprunner:CreateService"],
        Roles,
        Some("tasks.apprunner.amazonaws.com"),
        PATHFINDING,
        "create an App Runner service with a privileged instance role"
    ),
    method!(
        "passrole-autoscaling",
        "PassRole + autoscaling:CreateLaunchConfiguration + CreateAutoScalingGroup",
        [
            "iam:PassRole",
            "autoscaling:CreateLaunchConfiguration",
            "autoscaling:CreateAutoScalingGroup"
        ],
        Roles,
        Some("ec2.amazonaws.com"),
        PATHFINDING,
        "launch instances with a privileged instance profile through Auto Scaling"
    ),
    method!(
        "glue-update-dev-endpoint",
        "glue:UpdateDevEndpoint",
        ["glue:UpdateDevEndpoint"],
        Workloads,
        None,
        RHINO,
        "add its SSH key to an existing development endpoint and use its role"
    ),
    method!(
        "lambda-update-function-code",
        "lambda:UpdateFunctionCode",
        ["lambda:UpdateFunctionCode"],
        Workloads,
        None,
        RHINO,
        "replace the code of a function that runs with a privileged role"
    ),
    method!(
        "ssm-send-command",
        "ssm:SendCommand",
        ["ssm:SendCommand"],
        Workloads,
        None,
        PATHFINDING,
        "run commands on instances and use their roles"
    ),
    method!(
        "ssm-start-session",
        "ssm:StartSession",
        ["ssm:StartSession"],
        Workloads,
        None,
        PATHFINDING,
        "open a shell on instances and use their roles"
    ),
    method!(
        "ec2-instance-connect",
        "ec2-instance-connect:SendSSHPublicKey",
        ["ec2-instance-connect:SendSSHPublicKey"],
        Workloads,
        None,
        PATHFINDING,
        "push an SSH key to instances, log in and use their roles"
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_the_catalogue() {
        let cat = crate::catalogue::get();
        for m in METHODS {
            for a in m.actions {
                assert!(cat.lookup(a).is_some(), "{}: {a} unknown", m.id);
            }
            assert_eq!(
                m.passed_to.is_some(),
                m.actions.contains(&"iam:PassRole"),
                "{}",
                m.id
            );
        }
    }

    #[test]
    fn ids_are_unique() {
        let ids: std::collections::BTreeSet<&str> = METHODS.iter().map(|m| m.id).collect();
        assert_eq!(ids.len(), METHODS.len());
        assert!(METHODS.len() >= 21);
    }
}
