# Group policies, customer managed policies linked by reference, AWS managed policies.

resource "aws_iam_group" "ops" { # expect: IAM302
  name = "ops"
}

resource "aws_iam_group_policy" "ops" {
  name  = "ops"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:AddUserToGroup", Resource = "*" }]
  })
}

# dana gets the method from her group: reported on the group only.
resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_user_group_membership" "dana" {
  user   = aws_iam_user.dana.name
  groups = [aws_iam_group.ops.name]
}

resource "aws_iam_policy" "build" {
  name = "build"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["codebuild:CreateProject", "codebuild:StartBuild"], Resource = "*" },
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*",
      Condition = { StringEquals = { "iam:PassedToService" = "codebuild.amazonaws.com" } } },
    ]
  })
}

resource "aws_iam_role" "builder" { # expect: IAM302
  name               = "builder"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_iam_role_policy_attachment" "builder" {
  role       = aws_iam_role.builder.name
  policy_arn = aws_iam_policy.build.arn
}

# An administrator has every method; it is not reported as escalating.
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# An AWS managed policy that grants iam:PassRole and lambda function management.
resource "aws_iam_user" "lambda_dev" { # expect: IAM302
  name = "lambda-dev"
}

resource "aws_iam_user_policy_attachment" "lambda_dev" {
  user       = aws_iam_user.lambda_dev.name
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_FullAccess"
}
