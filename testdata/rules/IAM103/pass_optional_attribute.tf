# Statements built from a map of objects whose `not_actions` is optional: the entries
# here leave it out, so it is null (the default takes the variable's type) and the
# statements have no NotAction.

variable "grants" {
  type = map(object({
    actions     = optional(list(string))
    not_actions = optional(list(string))
    resources   = optional(list(string))
  }))
  default = {
    ReadReports = {
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::reports/*"]
    }
  }
}

data "aws_iam_policy_document" "grants" {
  dynamic "statement" {
    for_each = var.grants
    content {
      sid         = statement.key
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      resources   = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "grants" {
  name   = "grants"
  policy = data.aws_iam_policy_document.grants.json
}
