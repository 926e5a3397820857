data "aws_caller_identity" "current" {}

# Administrator only with MFA.
resource "aws_iam_user" "careful" {
  name = "careful"
}

resource "aws_iam_user_policy" "careful" {
  name = "everything-with-mfa"
  user = aws_iam_user.careful.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*",
    Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } }]
  })
}

# Administrator, but everything is denied without MFA.
resource "aws_iam_group" "admins" {
  name = "admins"
}

resource "aws_iam_group_policy_attachment" "admins" {
  group      = aws_iam_group.admins.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_group_policy" "require_mfa" {
  name  = "require-mfa"
  group = aws_iam_group.admins.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Deny", NotAction = ["iam:ListMFADevices", "sts:GetSessionToken"], Resource = "*",
    Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } }]
  })
}

# An administrator role assumable only with MFA, or only by a service.
resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole",
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" },
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } },
    ]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

# Not an administrator: PowerUserAccess excludes IAM.
resource "aws_iam_user" "power" {
  name = "power"
}

resource "aws_iam_user_policy_attachment" "power" {
  user       = aws_iam_user.power.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}
