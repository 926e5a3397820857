# Exceptions that hold until a date far ahead, or have no date, are not expired.

# leastpriv:ignore[full-admin-statement] reason="break-glass role" owner=security expires=2999-12-31
resource "aws_iam_policy" "break_glass" {
  name = "break-glass"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_user_policy_attachment" "ci" { # leastpriv:ignore[IAM401] reason="CI user until OIDC"
  user       = "ci"
  policy_arn = aws_iam_policy.break_glass.arn
}
