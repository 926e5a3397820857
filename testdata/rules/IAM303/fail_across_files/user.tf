# The path's hops are in another file of the module.
resource "aws_iam_user" "ops" { # expect: IAM303
  name = "ops"
}

resource "aws_iam_user_policy" "ops" {
  name   = "assume-admin"
  user   = aws_iam_user.ops.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.admin.arn }] })
}
