# count = 0 (here a flag's default): switched off, but a caller can switch it on, so the
# code is checked once at its plain address.
variable "create" {
  type    = bool
  default = false
}

resource "aws_iam_policy" "optional" {
  count = var.create ? 1 : 0
  name  = "optional"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::reports/*" }] # expect: IAM102
  })
}
