# A policy found by name alone may be customer managed: its ARN is not known.
data "aws_iam_policy" "by_name" {
  name = "AdministratorAccess"
}

# A customer managed policy that shares the name is not the AWS one.
data "aws_iam_policy" "custom" {
  arn = "arn:aws:iam::111122223333:policy/AdministratorAccess"
}

resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "by_name" {
  role       = aws_iam_role.ops.name
  policy_arn = data.aws_iam_policy.by_name.arn
}

resource "aws_iam_role_policy_attachment" "custom" {
  role       = aws_iam_role.ops.name
  policy_arn = data.aws_iam_policy.custom.arn
}
