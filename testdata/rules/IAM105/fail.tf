resource "aws_iam_policy" "data_team" {
  name = "data-team"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:*"], Resource = "arn:aws:s3:::datalake/*" }, # expect: IAM105
      { Effect = "Allow", Action = ["glue:GetTable", "athena:*", "dynamodb:*"], Resource = "*" }, # expect: IAM105
    ]
  })
}

resource "aws_iam_role_policy" "ops" {
  name = "ops"
  role = "ops"
  # expect: IAM105@18
  policy = <<-EOT
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}
    ]}
  EOT
}
