# also-run: IAM101, IAM401
# Every exception covers a finding: above the resource (the statement inside it), on the
# finding's own line, and for a rule that did not run (IAM402 is not judged).

# leastpriv:ignore[full-admin-statement] reason="break-glass role" owner=security expires=2999-12-31
resource "aws_iam_policy" "break_glass" {
  name = "break-glass"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_user_policy_attachment" "ci" { # leastpriv:ignore[IAM401, IAM402] reason="CI user until OIDC"
  user       = "ci"
  policy_arn = aws_iam_policy.break_glass.arn
}

resource "aws_iam_policy" "ops" {
  name = "ops"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # leastpriv:ignore[IAM101] reason="on the finding's line"
  })
}
