# Patterns count when most of the actions they match can be scoped.
data "aws_iam_policy_document" "reader" {
  statement { # expect: IAM107
    actions   = ["s3:Get*", "s3:ListAllMyBuckets"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:Get*"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}

resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = data.aws_iam_policy_document.reader.json
}
