resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # one named role, to one service
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "arn:aws:iam::111122223333:role/lambda-exec-reports"
        Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
      },
      # roles narrowed by tag
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "*"
        Condition = { StringEquals = { "iam:ResourceTag/team" = "reports" } }
      },
      # conditions that cannot be resolved: no finding
      { Effect = "Allow", Action = "iam:PassRole", Resource = "*", Condition = var.pass_conditions },
      # a read-only IAM wildcard does not include PassRole
      { Effect = "Allow", Action = "iam:Get*", Resource = "*" },
      # a Deny is a guardrail
      { Effect = "Deny", Action = "iam:PassRole", Resource = "*" },
    ]
  })
}
