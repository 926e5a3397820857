# One policy per instance: each instance is checked with its own `each` / `count`.
locals {
  statements = {
    reader = { Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::reports/*" }
    broad  = { Effect = "Allow", Action = ["s3:GetObject", "*"], Resource = "arn:aws:s3:::reports/*" } # expect: IAM102
  }
}

resource "aws_iam_policy" "per_team" {
  for_each = local.statements
  name     = each.key
  policy   = jsonencode({ Version = "2012-10-17", Statement = [each.value] })
}

resource "aws_iam_policy" "counted" {
  count = 2
  name  = "counted-${count.index}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: IAM102
      Effect   = "Allow"
      Action   = count.index == 0 ? "s3:GetObject" : "*"
      Resource = "arn:aws:s3:::reports/*"
    }]
  })
}

data "aws_iam_policy_document" "ops" {
  count = 1
  statement { # expect: IAM102
    actions   = ["*"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}

resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = one(data.aws_iam_policy_document.ops[*].json)
}
