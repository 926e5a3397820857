# Look-alikes: a Deny of everything, an unknown variable, a statement overridden by Sid.
variable "actions" {}

data "aws_iam_policy_document" "guard" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
  statement {
    actions   = var.actions
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Broad"
    actions   = ["*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "narrowed" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "Broad"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "guard" {
  name   = "guard"
  policy = data.aws_iam_policy_document.guard.json
}

resource "aws_iam_policy" "narrowed" {
  name   = "narrowed"
  policy = data.aws_iam_policy_document.narrowed.json
}
