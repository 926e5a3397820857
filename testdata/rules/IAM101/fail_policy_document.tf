# Full administrator through a policy document data source, a local and a variable default.
variable "admin_actions" {
  default = ["*"]
}

locals {
  everything = "*"
}

data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "ReadLogs"
    actions   = ["logs:GetLogEvents"]
    resources = ["*"]
  }
  statement { # expect: IAM101
    sid       = "Everything"
    actions   = [local.everything]
    resources = ["*"]
  }
  statement { # expect: IAM101
    actions   = var.admin_actions
    resources = [local.everything]
  }
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = data.aws_iam_policy_document.admin.json
}
