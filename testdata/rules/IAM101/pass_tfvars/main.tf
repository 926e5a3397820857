# The default is "*" but the directory's tfvars narrow it; an unset variable is unknown.
variable "actions" {
  type    = list(string)
  default = ["*"]
}

variable "resources" {
  type = list(string)
}

resource "aws_iam_policy" "ops" {
  name = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = var.actions, Resource = "*" },
      { Effect = "Allow", Action = "*", Resource = var.resources },
    ]
  })
}
