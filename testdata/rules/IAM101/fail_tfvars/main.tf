# The tfvars of the directory set the actions: a full administrator.
variable "actions" {
  type    = list(string)
  default = ["s3:GetObject"]
}

resource "aws_iam_policy" "ops" {
  name = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = var.actions, Resource = "*" }, # expect: IAM101
    ]
  })
}
