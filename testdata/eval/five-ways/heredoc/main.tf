resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Pass",
          "Effect": "Allow",
          "Action": "iam:PassRole",
          "Resource": "*"
        },
        {
          "Sid": "Bucket",
          "Effect": "Allow",
          "Action": "s3:*",
          "Resource": "arn:aws:s3:::ops-artifacts/*"
        },
        {
          "Sid": "AllButIam",
          "Effect": "Allow",
          "NotAction": "iam:*",
          "Resource": "*"
        }
      ]
    }
  JSON
}

resource "aws_iam_user_policy_attachment" "ci_ops" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.ops.arn
}

resource "aws_iam_role" "deployer" {
  name               = "deployer"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}
