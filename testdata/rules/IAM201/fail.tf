resource "aws_iam_role" "open" {
  name = "open"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }, # expect: IAM201
    ]
  })
}

resource "aws_iam_role" "open_with_mfa" {
  name = "open-with-mfa"
  # MFA says the caller used MFA in *their* account, not who they are
  # expect: IAM201@18
  assume_role_policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": "*",
    "Action": "sts:AssumeRole",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}
POLICY
}
