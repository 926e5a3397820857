# A policy built from a list of statement objects whose `not_actions` is optional and
# whose `effect` defaults to Allow: a statement given `not_actions` and no effect is
# Allow + NotAction.

variable "name" {
  type = string
}

variable "statements" {
  type = list(object({
    sid         = optional(string)
    actions     = optional(list(string))
    not_actions = optional(list(string))
    effect      = optional(string, "Allow")
    resources   = optional(list(string), ["*"])
  }))
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" { # expect: IAM103
    for_each = var.statements
    content {
      sid         = statement.value.sid
      effect      = statement.value.effect
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      resources   = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "this" {
  name   = var.name
  policy = data.aws_iam_policy_document.this.json
}
