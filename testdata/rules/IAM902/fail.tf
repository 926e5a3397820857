# Exceptions that are not complete records suppress nothing.

# leastpriv:ignore[full-admin-statement] # expect: IAM902
resource "aws_iam_policy" "no_reason" {
  name = "no-reason"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

// leastpriv:ignore[IAM999] reason="typo in the rule id" // expect: IAM902
resource "aws_iam_user" "a" {
  name = "a"
}

resource "aws_iam_user" "b" { # leastpriv:ignore[IAM401] reason=temporary expires=31.12.2026 # expect: IAM902
  name = "b"
}

# leastpriv:ignore reason="names no rule" # expect: IAM902
resource "aws_iam_user" "c" {
  name = "c"
}

resource "aws_iam_user" "d" { # leastpriv:ignore[IAM401] reason="x" colour=red # expect: IAM902
  name = "d"
}
