# Full administrator granted three ways: jsonencode, heredoc and a policy document string.
resource "aws_iam_policy" "ops_admin" {
  name = "ops-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: IAM101
        Sid      = "Everything"
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "break_glass" {
  name = "break-glass"
  role = aws_iam_role.break_glass.id
  # expect: IAM101@26
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::audit/*"},
        {
          "Effect": "Allow",
          "Action": ["*"],
          "Resource": ["*"]
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "break_glass" {
  name               = "break-glass"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_group_policy" "admins" {
  name   = "admins"
  group  = "admins"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}" # expect: IAM101
}
