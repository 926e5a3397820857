resource "aws_iam_role" "admin" {
  name = "team-admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
  inline_policy {
    name = "everything"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
    })
  }
}

resource "aws_iam_policy" "broad" {
  name = "broad"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", NotAction = "iam:*", Resource = "*" },
      { Effect = "Allow", Action = ["iam:PassRole", "s3:*"], Resource = "*" },
    ]
  })
}

resource "aws_iam_group" "devs" {
  name = "devs"
}

resource "aws_iam_group_policy_attachment" "devs_broad" {
  group      = aws_iam_group.devs.name
  policy_arn = aws_iam_policy.broad.arn
}

resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_user_policy" "dana" {
  name = "dana-own"
  user = aws_iam_user.dana.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotResource = "arn:aws:s3:::audit/*", Action = "s3:GetObject" }]
  })
}

# with `pgp_key` the secret is not in the state in plain text: CloudFormation keeps no
# copy of it either, so access-key-secret-in-state (IAM502) has nothing to say in both
resource "aws_iam_access_key" "dana" {
  user    = aws_iam_user.dana.name
  pgp_key = "keybase:dana"
}
