resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = "arn:aws:s3:::reports/*" },
      # a Deny of everything is a guardrail, not a grant
      { Effect = "Deny", Action = "*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
      # a service wildcard is a different, narrower problem
      { Effect = "Allow", Action = "sqs:*", Resource = "arn:aws:sqs:eu-west-1:111122223333:jobs" },
    ]
  })
}

# "*" inside a longer action name is not a wildcard action
resource "aws_iam_user_policy" "describe" {
  name   = "describe"
  user   = "auditor"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"}]}"
}
