# AWS managed policies looked up by ARN through a data source.
data "aws_iam_policy" "admin" {
  arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

data "aws_partition" "current" {}

data "aws_iam_policy" "iam" {
  arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/IAMFullAccess"
}

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.ops.name
  policy_arn = data.aws_iam_policy.admin.arn # expect: IAM104
}

resource "aws_iam_role_policy_attachment" "iam" {
  role       = aws_iam_role.ops.name
  policy_arn = data.aws_iam_policy.iam.arn # expect: IAM104
}
