# One user per escalation method, each granted exactly the actions the method needs.

resource "aws_iam_user" "iam_create_policy_version" { # expect: IAM302
  name = "iam-create-policy-version"
}

resource "aws_iam_user_policy" "iam_create_policy_version" {
  name = "iam-create-policy-version"
  user = aws_iam_user.iam_create_policy_version.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:CreatePolicyVersion"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_set_default_policy_version" { # expect: IAM302
  name = "iam-set-default-policy-version"
}

resource "aws_iam_user_policy" "iam_set_default_policy_version" {
  name = "iam-set-default-policy-version"
  user = aws_iam_user.iam_set_default_policy_version.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:SetDefaultPolicyVersion"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_create_access_key" { # expect: IAM302
  name = "iam-create-access-key"
}

resource "aws_iam_user_policy" "iam_create_access_key" {
  name = "iam-create-access-key"
  user = aws_iam_user.iam_create_access_key.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:CreateAccessKey"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_create_login_profile" { # expect: IAM302
  name = "iam-create-login-profile"
}

resource "aws_iam_user_policy" "iam_create_login_profile" {
  name = "iam-create-login-profile"
  user = aws_iam_user.iam_create_login_profile.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:CreateLoginProfile"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_update_login_profile" { # expect: IAM302
  name = "iam-update-login-profile"
}

resource "aws_iam_user_policy" "iam_update_login_profile" {
  name = "iam-update-login-profile"
  user = aws_iam_user.iam_update_login_profile.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:UpdateLoginProfile"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_attach_user_policy" { # expect: IAM302
  name = "iam-attach-user-policy"
}

resource "aws_iam_user_policy" "iam_attach_user_policy" {
  name = "iam-attach-user-policy"
  user = aws_iam_user.iam_attach_user_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:AttachUserPolicy"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_attach_group_policy" { # expect: IAM302
  name = "iam-attach-group-policy"
}

resource "aws_iam_user_policy" "iam_attach_group_policy" {
  name = "iam-attach-group-policy"
  user = aws_iam_user.iam_attach_group_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:AttachGroupPolicy"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_attach_role_policy" { # expect: IAM302
  name = "iam-attach-role-policy"
}

resource "aws_iam_user_policy" "iam_attach_role_policy" {
  name = "iam-attach-role-policy"
  user = aws_iam_user.iam_attach_role_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:AttachRolePolicy", "sts:AssumeRole"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_put_user_policy" { # expect: IAM302
  name = "iam-put-user-policy"
}

resource "aws_iam_user_policy" "iam_put_user_policy" {
  name = "iam-put-user-policy"
  user = aws_iam_user.iam_put_user_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PutUserPolicy"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_put_group_policy" { # expect: IAM302
  name = "iam-put-group-policy"
}

resource "aws_iam_user_policy" "iam_put_group_policy" {
  name = "iam-put-group-policy"
  user = aws_iam_user.iam_put_group_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PutGroupPolicy"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_put_role_policy" { # expect: IAM302
  name = "iam-put-role-policy"
}

resource "aws_iam_user_policy" "iam_put_role_policy" {
  name = "iam-put-role-policy"
  user = aws_iam_user.iam_put_role_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PutRolePolicy", "sts:AssumeRole"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_add_user_to_group" { # expect: IAM302
  name = "iam-add-user-to-group"
}

resource "aws_iam_user_policy" "iam_add_user_to_group" {
  name = "iam-add-user-to-group"
  user = aws_iam_user.iam_add_user_to_group.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:AddUserToGroup"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_update_assume_role_policy" { # expect: IAM302
  name = "iam-update-assume-role-policy"
}

resource "aws_iam_user_policy" "iam_update_assume_role_policy" {
  name = "iam-update-assume-role-policy"
  user = aws_iam_user.iam_update_assume_role_policy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_put_user_permissions_boundary" { # expect: IAM302
  name = "iam-put-user-permissions-boundary"
}

resource "aws_iam_user_policy" "iam_put_user_permissions_boundary" {
  name = "iam-put-user-permissions-boundary"
  user = aws_iam_user.iam_put_user_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PutUserPermissionsBoundary"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_delete_user_permissions_boundary" { # expect: IAM302
  name = "iam-delete-user-permissions-boundary"
}

resource "aws_iam_user_policy" "iam_delete_user_permissions_boundary" {
  name = "iam-delete-user-permissions-boundary"
  user = aws_iam_user.iam_delete_user_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:DeleteUserPermissionsBoundary"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_put_role_permissions_boundary" { # expect: IAM302
  name = "iam-put-role-permissions-boundary"
}

resource "aws_iam_user_policy" "iam_put_role_permissions_boundary" {
  name = "iam-put-role-permissions-boundary"
  user = aws_iam_user.iam_put_role_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PutRolePermissionsBoundary", "sts:AssumeRole"], Resource = "*" }]
  })
}

resource "aws_iam_user" "iam_delete_role_permissions_boundary" { # expect: IAM302
  name = "iam-delete-role-permissions-boundary"
}

resource "aws_iam_user_policy" "iam_delete_role_permissions_boundary" {
  name = "iam-delete-role-permissions-boundary"
  user = aws_iam_user.iam_delete_role_permissions_boundary.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:DeleteRolePermissionsBoundary", "sts:AssumeRole"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_ec2" { # expect: IAM302
  name = "passrole-ec2"
}

resource "aws_iam_user_policy" "passrole_ec2" {
  name = "passrole-ec2"
  user = aws_iam_user.passrole_ec2.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_lambda_invoke" { # expect: IAM302
  name = "passrole-lambda-invoke"
}

resource "aws_iam_user_policy" "passrole_lambda_invoke" {
  name = "passrole-lambda-invoke"
  user = aws_iam_user.passrole_lambda_invoke.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_lambda_event_source" { # expect: IAM302
  name = "passrole-lambda-event-source"
}

resource "aws_iam_user_policy" "passrole_lambda_event_source" {
  name = "passrole-lambda-event-source"
  user = aws_iam_user.passrole_lambda_event_source.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_glue_dev_endpoint" { # expect: IAM302
  name = "passrole-glue-dev-endpoint"
}

resource "aws_iam_user_policy" "passrole_glue_dev_endpoint" {
  name = "passrole-glue-dev-endpoint"
  user = aws_iam_user.passrole_glue_dev_endpoint.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "glue:CreateDevEndpoint"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_glue_job" { # expect: IAM302
  name = "passrole-glue-job"
}

resource "aws_iam_user_policy" "passrole_glue_job" {
  name = "passrole-glue-job"
  user = aws_iam_user.passrole_glue_job.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_cloudformation" { # expect: IAM302
  name = "passrole-cloudformation"
}

resource "aws_iam_user_policy" "passrole_cloudformation" {
  name = "passrole-cloudformation"
  user = aws_iam_user.passrole_cloudformation.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "cloudformation:CreateStack"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_datapipeline" { # expect: IAM302
  name = "passrole-datapipeline"
}

resource "aws_iam_user_policy" "passrole_datapipeline" {
  name = "passrole-datapipeline"
  user = aws_iam_user.passrole_datapipeline.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_codebuild" { # expect: IAM302
  name = "passrole-codebuild"
}

resource "aws_iam_user_policy" "passrole_codebuild" {
  name = "passrole-codebuild"
  user = aws_iam_user.passrole_codebuild.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_ecs" { # expect: IAM302
  name = "passrole-ecs"
}

resource "aws_iam_user_policy" "passrole_ecs" {
  name = "passrole-ecs"
  user = aws_iam_user.passrole_ecs.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_sagemaker_notebook" { # expect: IAM302
  name = "passrole-sagemaker-notebook"
}

resource "aws_iam_user_policy" "passrole_sagemaker_notebook" {
  name = "passrole-sagemaker-notebook"
  user = aws_iam_user.passrole_sagemaker_notebook.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_sagemaker_training" { # expect: IAM302
  name = "passrole-sagemaker-training"
}

resource "aws_iam_user_policy" "passrole_sagemaker_training" {
  name = "passrole-sagemaker-training"
  user = aws_iam_user.passrole_sagemaker_training.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateTrainingJob"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_sagemaker_processing" { # expect: IAM302
  name = "passrole-sagemaker-processing"
}

resource "aws_iam_user_policy" "passrole_sagemaker_processing" {
  name = "passrole-sagemaker-processing"
  user = aws_iam_user.passrole_sagemaker_processing.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateProcessingJob"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_apprunner" { # expect: IAM302
  name = "passrole-apprunner"
}

resource "aws_iam_user_policy" "passrole_apprunner" {
  name = "passrole-apprunner"
  user = aws_iam_user.passrole_apprunner.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "apprunner:CreateService"], Resource = "*" }]
  })
}

resource "aws_iam_user" "passrole_autoscaling" { # expect: IAM302
  name = "passrole-autoscaling"
}

resource "aws_iam_user_policy" "passrole_autoscaling" {
  name = "passrole-autoscaling"
  user = aws_iam_user.passrole_autoscaling.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"], Resource = "*" }]
  })
}

resource "aws_iam_user" "glue_update_dev_endpoint" { # expect: IAM302
  name = "glue-update-dev-endpoint"
}

resource "aws_iam_user_policy" "glue_update_dev_endpoint" {
  name = "glue-update-dev-endpoint"
  user = aws_iam_user.glue_update_dev_endpoint.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["glue:UpdateDevEndpoint"], Resource = "*" }]
  })
}

resource "aws_iam_user" "lambda_update_function_code" { # expect: IAM302
  name = "lambda-update-function-code"
}

resource "aws_iam_user_policy" "lambda_update_function_code" {
  name = "lambda-update-function-code"
  user = aws_iam_user.lambda_update_function_code.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["lambda:UpdateFunctionCode"], Resource = "*" }]
  })
}

resource "aws_iam_user" "ssm_send_command" { # expect: IAM302
  name = "ssm-send-command"
}

resource "aws_iam_user_policy" "ssm_send_command" {
  name = "ssm-send-command"
  user = aws_iam_user.ssm_send_command.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ssm:SendCommand"], Resource = "*" }]
  })
}

resource "aws_iam_user" "ssm_start_session" { # expect: IAM302
  name = "ssm-start-session"
}

resource "aws_iam_user_policy" "ssm_start_session" {
  name = "ssm-start-session"
  user = aws_iam_user.ssm_start_session.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ssm:StartSession"], Resource = "*" }]
  })
}

resource "aws_iam_user" "ec2_instance_connect" { # expect: IAM302
  name = "ec2-instance-connect"
}

resource "aws_iam_user_policy" "ec2_instance_connect" {
  name = "ec2-instance-connect"
  user = aws_iam_user.ec2_instance_connect.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2-instance-connect:SendSSHPublicKey"], Resource = "*" }]
  })
}
