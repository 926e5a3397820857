variable "suffix" {}

resource "aws_iam_user" "alice" {
  name = "alice.smith@example.com"
}

resource "aws_iam_group" "ops" {
  name = "ops-admins"
}

resource "aws_iam_role" "deploy" {
  name_prefix        = "deploy-"
  assume_role_policy = data.aws_iam_policy_document.ci.json
}

resource "aws_iam_role" "app" {
  name               = "app-${var.suffix}"
  assume_role_policy = data.aws_iam_policy_document.ci.json
}

resource "aws_iam_policy" "read" {
  name   = "read_only+reports=1"
  policy = data.aws_iam_policy_document.read.json
}
