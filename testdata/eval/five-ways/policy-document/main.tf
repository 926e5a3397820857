variable "bucket" {
  type    = string
  default = "ops-artifacts"
}

data "aws_iam_policy_document" "ops" {
  statement {
    sid       = "Pass"
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }

  statement {
    sid       = "Bucket"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::${var.bucket}/*"]
  }

  statement {
    sid         = "AllButIam"
    not_actions = ["iam:*"]
    resources   = ["*"]
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = data.aws_iam_policy_document.ops.json
}

resource "aws_iam_user_policy_attachment" "ci_ops" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.ops.arn
}

resource "aws_iam_role" "deployer" {
  name               = "deployer"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
