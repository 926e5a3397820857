variable "extra_policy" {
  type = string
}

locals {
  sso_instance_arn = "arn:aws:sso:::instance/ssoins-1111111111111111"
}

# AdministratorAccess, but also a customer managed policy that is not in the scan and
# could deny: not reported.
resource "aws_ssoadmin_permission_set" "ops" {
  name         = "ops"
  instance_arn = local.sso_instance_arn
}

resource "aws_ssoadmin_managed_policy_attachment" "ops" {
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.ops.arn
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_ssoadmin_customer_managed_policy_attachment" "ops" {
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.ops.arn
  customer_managed_policy_reference {
    name = "ops-guardrails"
  }
}

# The inline policy is a variable.
resource "aws_ssoadmin_permission_set" "custom" {
  name         = "custom"
  instance_arn = local.sso_instance_arn
}

resource "aws_ssoadmin_permission_set_inline_policy" "custom" {
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.custom.arn
  inline_policy      = var.extra_policy
}
