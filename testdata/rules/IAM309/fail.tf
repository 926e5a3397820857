resource "aws_iam_policy" "analysts" {
  name = "analysts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: IAM309
        Effect   = "Allow"
        Action   = ["redshift:GetClusterCredentials", "redshift:DescribeClusters"]
        Resource = "*"
      },
    ]
  })
}

# wildcards are expanded: iam:*ServiceSpecificCredential
data "aws_iam_policy_document" "git" {
  statement { # expect: IAM309
    actions   = ["iam:*ServiceSpecificCredential*", "iam:UploadSSHPublicKey"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "git" {
  name   = "git"
  role   = "ci"
  policy = data.aws_iam_policy_document.git.json
}

# every database user of every instance, through a pattern
resource "aws_iam_role_policy" "db" {
  name = "db"
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: IAM309
        Effect   = "Allow"
        Action   = "rds-db:connect"
        Resource = "arn:aws:rds-db:*:*:dbuser:*/*"
      },
    ]
  })
}
