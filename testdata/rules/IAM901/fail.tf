# An exception whose date has passed suppresses nothing and is reported where it is written.

# leastpriv:ignore[full-admin-statement] reason="data migration" owner=platform expires=2024-01-31 # expect: IAM901
resource "aws_iam_policy" "migration" {
  name = "migration"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_user_policy_attachment" "ci" { // leastpriv:ignore[IAM401] reason=legacy expires=2000-01-01 // expect: IAM901
  user       = "ci"
  policy_arn = aws_iam_policy.migration.arn
}
