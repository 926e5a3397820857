resource "aws_iam_role" "platform" { # expect: IAM306
  name               = "platform"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_iam_role_policy" "platform" {
  name = "create-roles"
  role = aws_iam_role.platform.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:CreateRole", "iam:AttachRolePolicy"], Resource = "*" },
      # a grant under a condition the scan cannot decide is not counted
      { Effect = "Allow", Action = "iam:PutRolePolicy", Resource = "*",
      Condition = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } } },
    ]
  })
}

# IAMFullAccess grants every IAM write.
resource "aws_iam_group" "iam_admins" { # expect: IAM306
  name = "iam-admins"
}

resource "aws_iam_group_policy_attachment" "iam_admins" {
  group      = aws_iam_group.iam_admins.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}

# A member of iam-admins: reported on the group only.
resource "aws_iam_user" "carol" {
  name = "carol"
}

resource "aws_iam_user_group_membership" "carol" {
  user   = aws_iam_user.carol.name
  groups = [aws_iam_group.iam_admins.name]
}
