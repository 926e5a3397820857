resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction"], Resource = "*" }, # expect: IAM301
      {                                                                                         # expect: IAM301
        Effect    = "Allow"
        Action    = "iam:Pass*"
        Resource  = "arn:aws:iam::111122223333:role/*"
        Condition = { StringEquals = { "iam:PassedToService" = "ec2.amazonaws.com" } }
      },
    ]
  })
}

data "aws_iam_policy_document" "ci" {
  statement { # expect: IAM301
    actions   = ["iam:*"]
    resources = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/*"]
  }
}

resource "aws_iam_role_policy" "ci" {
  name   = "ci"
  role   = "ci"
  policy = data.aws_iam_policy_document.ci.json
}
