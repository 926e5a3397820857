# Variable values take their declared type: optional object attributes left out are
# null or their default, in a module's arguments, a default and a tfvars value.

module "reports" {
  source = "./modules/policy"
  name   = "reports"
  statements = [
    { sid = "Read", actions = ["s3:GetObject"], resources = ["arn:aws:s3:::reports/*"] },
    { sid = "OnlyS3", effect = "Deny", not_actions = ["s3:*"] },
  ]
}

variable "grants" {
  type = map(object({
    actions   = list(string)
    resources = optional(list(string), ["*"])
    effect    = optional(string, "Allow")
  }))
  default = {
    Describe = { actions = ["ec2:DescribeInstances"] }
  }
}

variable "deny" {
  type = object({
    actions = optional(list(string), ["iam:CreateUser"])
  })
  default = { actions = ["iam:*"] }
}

resource "aws_iam_policy" "grants" {
  name = "grants"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [for sid, g in var.grants : { Sid = sid, Effect = g.effect, Action = g.actions, Resource = g.resources }],
      [{ Effect = "Deny", Action = var.deny.actions, Resource = "*" }],
    )
  })
}
