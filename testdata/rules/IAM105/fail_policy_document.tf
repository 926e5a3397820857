# Service wildcards built from locals, a for expression and formatlist.
locals {
  services = ["s3", "dynamodb"]
}

data "aws_iam_policy_document" "data_team" {
  statement { # expect: IAM105
    actions   = formatlist("%s:*", local.services)
    resources = ["*"]
  }
  statement { # expect: IAM105
    actions   = [for s in ["athena"] : "${s}:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "data_team" {
  name   = "data-team"
  policy = data.aws_iam_policy_document.data_team.json
}
