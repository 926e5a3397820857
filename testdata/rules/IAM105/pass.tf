resource "aws_iam_policy" "data_team" {
  name = "data-team"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:List*"], Resource = "arn:aws:s3:::datalake/*" },
      { Effect = "Allow", Action = ["ec2:Describe*"], Resource = "*" },
      # a Deny of a whole service is a guardrail
      { Effect = "Deny", Action = ["iam:*", "organizations:*"], Resource = "*" },
    ]
  })
}
