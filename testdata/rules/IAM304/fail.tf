data "aws_caller_identity" "current" {}

# A user administrator through its group's AWS managed policy, no MFA anywhere.
resource "aws_iam_group" "admins" { # expect: IAM304
  name = "admins"
}

resource "aws_iam_group_policy_attachment" "admins" {
  group      = aws_iam_group.admins.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user" "root_like" { # expect: IAM304
  name = "ops-admin"
}

resource "aws_iam_user_policy" "root_like" {
  name = "everything"
  user = aws_iam_user.root_like.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      # requests are made over TLS: this deny does not stop the administrator
      { Effect = "Deny", Action = "*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

# An administrator role any principal of the account may assume without MFA.
resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Humans", Effect = "Allow", Action = "sts:AssumeRole", # expect: IAM304
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } },
      { Sid = "Ec2", Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "break_glass" {
  role       = aws_iam_role.break_glass.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# A member of the admins group: reported on the group only.
resource "aws_iam_user" "member" {
  name = "member"
}

resource "aws_iam_group_membership" "admins" {
  name  = "admins"
  group = aws_iam_group.admins.name
  users = [aws_iam_user.member.name]
}
