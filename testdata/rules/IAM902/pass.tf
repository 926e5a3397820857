# Complete exceptions: rules by id or name, a reason, optional owner, ticket and expiry.

# leastpriv:ignore[full-admin-statement, IAM102] reason="break-glass role" owner="Security Team" ticket=SEC-7 expires=2999-12-31
resource "aws_iam_policy" "break_glass" {
  name = "break-glass"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_user" "ci" { /* leastpriv:ignore[IAM401] reason=legacy-ci */
  name = "ci"
}

# A marker inside a string is not a comment:
resource "aws_iam_user" "doc" {
  name = "doc"
  tags = { note = "# leastpriv:ignore[IAM401]" }
}
