resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy" "alice_s3" {
  name = "alice-s3"
  user = aws_iam_user.alice.name # expect: IAM401
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::team/*" }]
  })
}

resource "aws_iam_user_policy_attachment" "alice_deploy" {
  user       = aws_iam_user.alice.name # expect: IAM401
  policy_arn = aws_iam_policy.deploy.arn
}

resource "aws_iam_policy_attachment" "legacy" {
  name       = "legacy"
  users      = ["bob"] # expect: IAM401
  groups     = ["developers"]
  policy_arn = aws_iam_policy.deploy.arn
}
