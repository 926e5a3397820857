data "aws_iam_policy_document" "ci" {
  statement {
    actions = [
      "ecr:GetAuthorizationToken",
      "ecr:BatchGetImages", # expect: IAM802
    ]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "ci" {
  name   = "ci"
  policy = data.aws_iam_policy_document.ci.json
}
