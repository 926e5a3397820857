# Allow with not_actions: everything except IAM, through a policy document.
locals {
  except = ["iam:*", "organizations:*"]
}

data "aws_iam_policy_document" "power_user" {
  statement { # expect: IAM103
    not_actions = local.except
    resources   = ["*"]
  }
}

resource "aws_iam_policy" "power_user" {
  name   = "power-user"
  policy = data.aws_iam_policy_document.power_user.json
}
