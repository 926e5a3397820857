# IAM writes only with the workload boundary; an administrator (left to other rules);
# IAM writes denied by the permission boundary.

resource "aws_iam_role" "platform" {
  name               = "platform"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_iam_role_policy" "platform" {
  name = "create-bounded-roles"
  role = aws_iam_role.platform.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"]
      Resource = "*"
      Condition = { StringEquals = {
        "iam:PermissionsBoundary" = "arn:aws:iam::111122223333:policy/workload-boundary"
      } }
    }]
  })
}

resource "aws_iam_role" "admin" {
  name                = "admin"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "capped" {
  name                 = "capped"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns  = ["arn:aws:iam::aws:policy/IAMFullAccess"]
  permissions_boundary = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
