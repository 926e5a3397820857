# An allow-list SCP that hands all of IAM through.
resource "aws_organizations_policy" "allow_list" {
  name = "allow-list"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ec2:*", "s3:*", "cloudwatch:*"]
        Resource = "*"
      },
      { # expect: IAM604
        Effect   = "Allow"
        Action   = ["iam:*", "sts:AssumeRole"]
        Resource = "*"
      },
    ]
  })
}

# Written as an allow list, but its `*` allows everything.
resource "aws_organizations_policy" "defeated" {
  name = "defeated-list"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["lambda:*", "dynamodb:*"], Resource = "*" },
      { Effect = "Allow", Action = "*", Resource = "*" }, # expect: IAM604
    ]
  })
}

# Everything but S3: organizations:* and iam:* included.
resource "aws_organizations_policy" "not_action" {
  name = "not-action"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", NotAction = ["s3:*"], Resource = "*" }, # expect: IAM604
    ]
  })
}
