resource "aws_iam_policy" "everything_but_iam" {
  name = "everything-but-iam"
  # expect: IAM103@8
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotAction": ["iam:*", "organizations:*"],
      "Resource": "*"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "power" {
  name = "power"
  role = aws_iam_role.power.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }] # expect: IAM103
  })
}
