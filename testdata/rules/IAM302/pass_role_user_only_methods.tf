# A role that manages users and groups: every method here raises the user who acts, or
# a group that user is in. A role is neither, so on its own it gains nothing from them
# (giving a user more rights helps the role only with that user's credentials, which
# it cannot create here).

resource "aws_iam_role" "user_admin" {
  name = "user-admin"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "user_admin" {
  name = "manage-people"
  role = aws_iam_role.user_admin.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "iam:AttachUserPolicy",
        "iam:PutUserPolicy",
        "iam:PutUserPermissionsBoundary",
        "iam:DeleteUserPermissionsBoundary",
        "iam:AttachGroupPolicy",
        "iam:PutGroupPolicy",
        "iam:AddUserToGroup",
      ]
      Resource = "*"
    }]
  })
}
