# Near misses: the trust policy requires MFA, the grant is denied, the trust names
# another principal, the root of a literal account, a cycle without an administrator.

resource "aws_iam_user" "ann" {
  name = "ann"
}

resource "aws_iam_user_policy" "ann" {
  name = "ann"
  user = aws_iam_user.ann.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" },
      { Effect = "Deny", Action = "sts:AssumeRole", Resource = "arn:aws:iam::*:role/denied" },
    ]
  })
}

resource "aws_iam_role" "mfa" {
  name = "mfa"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:user/ann" },
    Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "denied" {
  name = "denied"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:user/ann" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "other" {
  name = "other"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:user/bob" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "account" {
  name = "account"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::444455556666:root" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "loop_a" {
  name = "loop-a"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_role.loop_b.arn } }]
  })
}

resource "aws_iam_role" "loop_b" {
  name = "loop-b"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_role.loop_a.arn } }]
  })
}

resource "aws_iam_role_policy" "loop_a" {
  name   = "loop-a"
  role   = aws_iam_role.loop_a.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
}

resource "aws_iam_role_policy" "loop_b" {
  name   = "loop-b"
  role   = aws_iam_role.loop_b.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
}
