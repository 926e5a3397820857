# Statements built from a map of objects whose `not_resources` is optional: the entries
# here leave it out, so it is null and the statements have no
# NotResource. The evaluator fills the omitted optional attribute with null, as Terraform
# does; were the type unreadable, the unknown attribute must not be taken for a NotResource.

variable "grants" {
  type = map(object({
    actions     = optional(list(string))
    not_resources = optional(list(string))
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
      not_resources = statement.value.not_resources
      resources   = statement.value.resources
    }
  }
}

resource "aws_iam_policy" "grants" {
  name   = "grants"
  policy = data.aws_iam_policy_document.grants.json
}
