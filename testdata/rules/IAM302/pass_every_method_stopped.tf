# For every escalation method, a user that nearly has it: stopped by an explicit Deny,
# by a condition the scan cannot prove, by iam:PassedToService naming another service,
# or by a permission boundary that does not allow it.

resource "aws_iam_policy" "boundary" {
  name = "workload-boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "logs:*"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_create_policy_version" {
  name = "near-iam-create-policy-version"
}

resource "aws_iam_user_policy" "iam_create_policy_version" {
  name = "near-iam-create-policy-version"
  user = aws_iam_user.iam_create_policy_version.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:CreatePolicyVersion"], Resource = "*" },
      { Effect = "Deny", Action = "iam:CreatePolicyVersion", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "iam_set_default_policy_version" {
  name = "near-iam-set-default-policy-version"
}

resource "aws_iam_user_policy" "iam_set_default_policy_version" {
  name = "near-iam-set-default-policy-version"
  user = aws_iam_user.iam_set_default_policy_version.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:SetDefaultPolicyVersion"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "iam_create_access_key" {
  name = "near-iam-create-access-key"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "iam_create_access_key" {
  name = "near-iam-create-access-key"
  user = aws_iam_user.iam_create_access_key.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:CreateAccessKey"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_create_login_profile" {
  name = "near-iam-create-login-profile"
}

resource "aws_iam_user_policy" "iam_create_login_profile" {
  name = "near-iam-create-login-profile"
  user = aws_iam_user.iam_create_login_profile.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:CreateLoginProfile"], Resource = "*" },
      { Effect = "Deny", Action = "iam:CreateLoginProfile", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "iam_update_login_profile" {
  name = "near-iam-update-login-profile"
}

resource "aws_iam_user_policy" "iam_update_login_profile" {
  name = "near-iam-update-login-profile"
  user = aws_iam_user.iam_update_login_profile.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:UpdateLoginProfile"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "iam_attach_user_policy" {
  name = "near-iam-attach-user-policy"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "iam_attach_user_policy" {
  name = "near-iam-attach-user-policy"
  user = aws_iam_user.iam_attach_user_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:AttachUserPolicy"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_attach_group_policy" {
  name = "near-iam-attach-group-policy"
}

resource "aws_iam_user_policy" "iam_attach_group_policy" {
  name = "near-iam-attach-group-policy"
  user = aws_iam_user.iam_attach_group_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:AttachGroupPolicy"], Resource = "*" },
      { Effect = "Deny", Action = "iam:AttachGroupPolicy", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "iam_attach_role_policy" {
  name = "near-iam-attach-role-policy"
}

resource "aws_iam_user_policy" "iam_attach_role_policy" {
  name = "near-iam-attach-role-policy"
  user = aws_iam_user.iam_attach_role_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:AttachRolePolicy", "sts:AssumeRole"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "iam_put_user_policy" {
  name = "near-iam-put-user-policy"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "iam_put_user_policy" {
  name = "near-iam-put-user-policy"
  user = aws_iam_user.iam_put_user_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PutUserPolicy"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_put_group_policy" {
  name = "near-iam-put-group-policy"
}

resource "aws_iam_user_policy" "iam_put_group_policy" {
  name = "near-iam-put-group-policy"
  user = aws_iam_user.iam_put_group_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PutGroupPolicy"], Resource = "*" },
      { Effect = "Deny", Action = "iam:PutGroupPolicy", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "iam_put_role_policy" {
  name = "near-iam-put-role-policy"
}

resource "aws_iam_user_policy" "iam_put_role_policy" {
  name = "near-iam-put-role-policy"
  user = aws_iam_user.iam_put_role_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PutRolePolicy", "sts:AssumeRole"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "iam_add_user_to_group" {
  name = "near-iam-add-user-to-group"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "iam_add_user_to_group" {
  name = "near-iam-add-user-to-group"
  user = aws_iam_user.iam_add_user_to_group.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:AddUserToGroup"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_update_assume_role_policy" {
  name = "near-iam-update-assume-role-policy"
}

resource "aws_iam_user_policy" "iam_update_assume_role_policy" {
  name = "near-iam-update-assume-role-policy"
  user = aws_iam_user.iam_update_assume_role_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], Resource = "*" },
      { Effect = "Deny", Action = "sts:AssumeRole", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "iam_put_user_permissions_boundary" {
  name = "near-iam-put-user-permissions-boundary"
}

resource "aws_iam_user_policy" "iam_put_user_permissions_boundary" {
  name = "near-iam-put-user-permissions-boundary"
  user = aws_iam_user.iam_put_user_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PutUserPermissionsBoundary"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "iam_delete_user_permissions_boundary" {
  name = "near-iam-delete-user-permissions-boundary"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "iam_delete_user_permissions_boundary" {
  name = "near-iam-delete-user-permissions-boundary"
  user = aws_iam_user.iam_delete_user_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:DeleteUserPermissionsBoundary"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_put_role_permissions_boundary" {
  name = "near-iam-put-role-permissions-boundary"
}

resource "aws_iam_user_policy" "iam_put_role_permissions_boundary" {
  name = "near-iam-put-role-permissions-boundary"
  user = aws_iam_user.iam_put_role_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PutRolePermissionsBoundary", "sts:AssumeRole"], Resource = "*" },
      { Effect = "Deny", Action = "sts:AssumeRole", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "iam_delete_role_permissions_boundary" {
  name = "near-iam-delete-role-permissions-boundary"
}

resource "aws_iam_user_policy" "iam_delete_role_permissions_boundary" {
  name = "near-iam-delete-role-permissions-boundary"
  user = aws_iam_user.iam_delete_role_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:DeleteRolePermissionsBoundary", "sts:AssumeRole"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "passrole_ec2" {
  name = "near-passrole-ec2"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "passrole_ec2" {
  name = "near-passrole-ec2"
  user = aws_iam_user.passrole_ec2.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_lambda_invoke" {
  name = "near-passrole-lambda-invoke"
}

resource "aws_iam_user_policy" "passrole_lambda_invoke" {
  name = "near-passrole-lambda-invoke"
  user = aws_iam_user.passrole_lambda_invoke.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*" },
      { Effect = "Deny", Action = "lambda:InvokeFunction", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "passrole_lambda_event_source" {
  name = "near-passrole-lambda-event-source"
}

resource "aws_iam_user_policy" "passrole_lambda_event_source" {
  name = "near-passrole-lambda-event-source"
  user = aws_iam_user.passrole_lambda_event_source.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"], Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "states.amazonaws.com" } } },
    ]
  })
}

resource "aws_iam_user" "passrole_glue_dev_endpoint" {
  name = "near-passrole-glue-dev-endpoint"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "passrole_glue_dev_endpoint" {
  name = "near-passrole-glue-dev-endpoint"
  user = aws_iam_user.passrole_glue_dev_endpoint.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "glue:CreateDevEndpoint"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_glue_job" {
  name = "near-passrole-glue-job"
}

resource "aws_iam_user_policy" "passrole_glue_job" {
  name = "near-passrole-glue-job"
  user = aws_iam_user.passrole_glue_job.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"], Resource = "*" },
      { Effect = "Deny", Action = "glue:StartJobRun", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "passrole_cloudformation" {
  name = "near-passrole-cloudformation"
}

resource "aws_iam_user_policy" "passrole_cloudformation" {
  name = "near-passrole-cloudformation"
  user = aws_iam_user.passrole_cloudformation.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "cloudformation:CreateStack"], Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "states.amazonaws.com" } } },
    ]
  })
}

resource "aws_iam_user" "passrole_datapipeline" {
  name = "near-passrole-datapipeline"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "passrole_datapipeline" {
  name = "near-passrole-datapipeline"
  user = aws_iam_user.passrole_datapipeline.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_codebuild" {
  name = "near-passrole-codebuild"
}

resource "aws_iam_user_policy" "passrole_codebuild" {
  name = "near-passrole-codebuild"
  user = aws_iam_user.passrole_codebuild.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"], Resource = "*" },
      { Effect = "Deny", Action = "codebuild:StartBuild", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "passrole_ecs" {
  name = "near-passrole-ecs"
}

resource "aws_iam_user_policy" "passrole_ecs" {
  name = "near-passrole-ecs"
  user = aws_iam_user.passrole_ecs.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"], Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "states.amazonaws.com" } } },
    ]
  })
}

resource "aws_iam_user" "passrole_sagemaker_notebook" {
  name = "near-passrole-sagemaker-notebook"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "passrole_sagemaker_notebook" {
  name = "near-passrole-sagemaker-notebook"
  user = aws_iam_user.passrole_sagemaker_notebook.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_sagemaker_training" {
  name = "near-passrole-sagemaker-training"
}

resource "aws_iam_user_policy" "passrole_sagemaker_training" {
  name = "near-passrole-sagemaker-training"
  user = aws_iam_user.passrole_sagemaker_training.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateTrainingJob"], Resource = "*" },
      { Effect = "Deny", Action = "sagemaker:CreateTrainingJob", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "passrole_sagemaker_processing" {
  name = "near-passrole-sagemaker-processing"
}

resource "aws_iam_user_policy" "passrole_sagemaker_processing" {
  name = "near-passrole-sagemaker-processing"
  user = aws_iam_user.passrole_sagemaker_processing.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateProcessingJob"], Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "states.amazonaws.com" } } },
    ]
  })
}

resource "aws_iam_user" "passrole_apprunner" {
  name = "near-passrole-apprunner"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "passrole_apprunner" {
  name = "near-passrole-apprunner"
  user = aws_iam_user.passrole_apprunner.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "apprunner:CreateService"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_autoscaling" {
  name = "near-passrole-autoscaling"
}

resource "aws_iam_user_policy" "passrole_autoscaling" {
  name = "near-passrole-autoscaling"
  user = aws_iam_user.passrole_autoscaling.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"], Resource = "*" },
      { Effect = "Deny", Action = "autoscaling:CreateAutoScalingGroup", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "glue_update_dev_endpoint" {
  name = "near-glue-update-dev-endpoint"
}

resource "aws_iam_user_policy" "glue_update_dev_endpoint" {
  name = "near-glue-update-dev-endpoint"
  user = aws_iam_user.glue_update_dev_endpoint.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["glue:UpdateDevEndpoint"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "lambda_update_function_code" {
  name = "near-lambda-update-function-code"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "lambda_update_function_code" {
  name = "near-lambda-update-function-code"
  user = aws_iam_user.lambda_update_function_code.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["lambda:UpdateFunctionCode"], Resource = "*" }]
  })
}

resource "aws_iam_user" "ssm_send_command" {
  name = "near-ssm-send-command"
}

resource "aws_iam_user_policy" "ssm_send_command" {
  name = "near-ssm-send-command"
  user = aws_iam_user.ssm_send_command.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["ssm:SendCommand"], Resource = "*" },
      { Effect = "Deny", Action = "ssm:SendCommand", Resource = "*" },
    ]
  })
}

resource "aws_iam_user" "ssm_start_session" {
  name = "near-ssm-start-session"
}

resource "aws_iam_user_policy" "ssm_start_session" {
  name = "near-ssm-start-session"
  user = aws_iam_user.ssm_start_session.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["ssm:StartSession"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } },
    ]
  })
}

resource "aws_iam_user" "ec2_instance_connect" {
  name = "near-ec2-instance-connect"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_user_policy" "ec2_instance_connect" {
  name = "near-ec2-instance-connect"
  user = aws_iam_user.ec2_instance_connect.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2-instance-connect:SendSSHPublicKey"], Resource = "*" }]
  })
}
