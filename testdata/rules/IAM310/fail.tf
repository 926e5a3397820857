resource "aws_iam_role_policy" "app" {
  name = "app"
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: IAM310
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = "*"
      },
      { # expect: IAM310
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "ssm:GetParameter*", "kms:Decrypt"]
        Resource = "*"
        # transport security constrains nothing
        Condition = { Bool = { "aws:SecureTransport" = "true" } }
      },
    ]
  })
}

# every object of every bucket, written as a pattern
data "aws_iam_policy_document" "reader" {
  statement { # expect: IAM310
    actions   = ["s3:Get*"]
    resources = ["arn:aws:s3:::*/*"]
  }
  statement { # expect: IAM310
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = data.aws_iam_policy_document.reader.json
}
