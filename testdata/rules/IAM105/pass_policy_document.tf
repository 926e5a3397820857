# Look-alikes: a Deny of a whole service, prefixes that are not the whole service, and a
# service name from an unset variable.
variable "service" {}

data "aws_iam_policy_document" "data_team" {
  statement {
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:Get*", "s3:List*"]
    resources = ["*"]
  }
  statement {
    actions   = ["${var.service}:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "data_team" {
  name   = "data-team"
  policy = data.aws_iam_policy_document.data_team.json
}
