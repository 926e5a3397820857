variable "bucket" {
  type = string
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::reports/*"
      },
      # a bucket that is not known is not every bucket
      {
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::${var.bucket}/*"
      },
      # decrypt only through Secrets Manager
      {
        Effect    = "Allow"
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.eu-west-1.amazonaws.com" } }
      },
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters"]
        Resource = "arn:aws:ssm:eu-west-1:111122223333:parameter/app/*"
      },
      # listing reads no data
      {
        Effect   = "Allow"
        Action   = ["s3:ListAllMyBuckets", "dynamodb:ListTables"]
        Resource = "*"
      },
    ]
  })
}

# an explicit deny in the same document takes it away
resource "aws_iam_policy" "denied" {
  name = "denied"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "secretsmanager:*", Resource = "*" },
      { Effect = "Deny", Action = "secretsmanager:GetSecretValue", Resource = "*" },
    ]
  })
}
