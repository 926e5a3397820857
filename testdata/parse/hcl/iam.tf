# A realistic mix of IAM resources in the three policy document forms.

provider "aws" {
  region = var.region
}

resource "aws_iam_role" "app" {
  name                 = "${var.env}-app"
  path                 = "/service/"
  max_session_duration = 7200
  permissions_boundary = aws_iam_policy.boundary.arn

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "ec2.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })

  inline_policy {
    name = "logs"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["logs:PutLogEvents"], Resource = "*" }]
    })
  }

  managed_policy_arns = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    aws_iam_policy.boundary.arn,
  ]
}

resource "aws_iam_policy" "boundary" {
  name_prefix = "boundary-"
  policy      = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Bucket",
          "Effect": "Allow",
          "Action": "s3:*",
          "Resource": "arn:aws:s3:::${var.bucket}/*"
        }
      ]
    }
  EOF
}

resource "aws_iam_user" "deploy" {
  count = 2
  name  = "deploy-${count.index}"
}

resource "aws_iam_user_policy" "deploy" {
  user   = aws_iam_user.deploy[0].name
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}]}"
}

resource "aws_iam_policy_attachment" "admins" {
  name       = "admins"
  users      = [aws_iam_user.deploy[0].name, "alice"]
  roles      = [aws_iam_role.app.name]
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_access_key" "deploy" {
  user    = aws_iam_user.deploy[0].name
  pgp_key = "keybase:deploy"
  status  = "Active"
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
  require_symbols         = true
  max_password_age        = 90
}

resource "aws_s3_bucket" "ignored" {
  bucket = "not-iam"
}
