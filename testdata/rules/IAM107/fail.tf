resource "aws_iam_policy" "uploads" {
  name = "uploads"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = "*" }, # expect: IAM107
      { Effect = "Allow", Action = ["dynamodb:*"], Resource = ["*"] }, # expect: IAM107
      # a scopable action next to ones that need `*`
      { Effect = "Allow", Action = ["ec2:DescribeInstances", "sqs:SendMessage"], Resource = "*" }, # expect: IAM107
      { Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:*:*:*:*" }, # expect: IAM107
    ]
  })
}

resource "aws_iam_role_policy" "worker" {
  name = "worker"
  role = "worker"
  # expect: IAM107@21
  policy = <<-EOT
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["kms:Decrypt", "secretsmanager:GetSecretValue", "ssm:GetParameter", "lambda:InvokeFunction"], "Resource": "*"}
    ]}
  EOT
}
