variable "policy" {
  type = string
}

resource "aws_iam_policy" "this" {
  name   = "admin"
  policy = var.policy
}
