resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_group" "deployers" {
  name = "deployers"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.deployers.name]
}

resource "aws_iam_group_policy_attachment" "deployers" {
  group      = aws_iam_group.deployers.name
  policy_arn = aws_iam_policy.deploy.arn
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }]
  })
}

# an empty user name attaches to nobody
resource "aws_iam_policy_attachment" "deployers_only" {
  name       = "deployers-only"
  groups     = [aws_iam_group.deployers.name]
  users      = [""]
  policy_arn = aws_iam_policy.deploy.arn
}
