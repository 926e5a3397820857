# Three administrators and three principals that look like administrators but are not:
# a boundary caps one, a Deny removes IAM from another, a third has PowerUserAccess.

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy_attachment" "alice" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "deploy" {
  name                = "deploy"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "ops" {
  name                = "ops"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "capped" {
  name                 = "capped"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns  = ["arn:aws:iam::aws:policy/AdministratorAccess"]
  permissions_boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_role" "no_iam" {
  name                = "no-iam"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role_policy" "no_iam" {
  name   = "no-iam"
  role   = aws_iam_role.no_iam.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "iam:*", Resource = "*" }] })
}

resource "aws_iam_user" "power" {
  name = "power"
}

resource "aws_iam_user_policy_attachment" "power" {
  user       = aws_iam_user.power.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}
