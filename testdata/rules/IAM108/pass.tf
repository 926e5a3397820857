# administrator policies are IAM104's, customer policies named like AWS ones are not
# AWS managed, and an ARN whose name is not known is not judged
variable "policy_name" {}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = "ops"
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}

resource "aws_iam_role_policy_attachment" "readonly" {
  role       = "ops"
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "customer" {
  role       = "ops"
  policy_arn = "arn:aws:iam::123456789012:policy/AmazonS3FullAccess"
}

resource "aws_iam_role_policy_attachment" "unknown" {
  role       = "ops"
  policy_arn = "arn:aws:iam::aws:policy/${var.policy_name}"
}
