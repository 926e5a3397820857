# A reusable module for a person's IAM user; keys and extra policies are opt-in.

variable "name" {
  type = string
}

variable "enabled" {
  type    = bool
  default = true
}

variable "with_key" {
  type    = bool
  default = true
}

variable "managed_policies" {
  type    = map(string)
  default = {}
}

resource "aws_iam_user" "this" {
  count = var.enabled ? 1 : 0
  name  = var.name
}

resource "aws_iam_access_key" "this" {
  count = var.enabled && var.with_key ? 1 : 0
  user  = aws_iam_user.this[0].name
}

resource "aws_iam_user_policy_attachment" "extra" {
  for_each   = { for k, v in var.managed_policies : k => v if var.enabled }
  user       = aws_iam_user.this[0].name
  policy_arn = each.value
}

output "name" {
  value = try(aws_iam_user.this[0].name, null)
}
