resource "aws_iam_role" "ci" {
  name               = "ci-deployer"
  assume_role_policy = data.aws_iam_policy_document.github.json
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess", # expect: IAM104
  ]
}

resource "aws_iam_group_policy_attachment" "ops" {
  group      = aws_iam_group.ops.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/IAMFullAccess" # expect: IAM104
}

resource "aws_iam_policy_attachment" "power" {
  name       = "power-users"
  roles      = [aws_iam_role.ci.name]
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess" # expect: IAM104
}
