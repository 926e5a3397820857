# also-run: IAM101, IAM401
# Exceptions that cover no finding of a rule that ran.

# leastpriv:ignore[full-admin-statement] reason="was admin once" expires=2999-12-31 # expect: IAM903
resource "aws_iam_policy" "read" {
  name = "read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_iam_group" "ops" { # leastpriv:ignore[user-with-direct-policy] reason="moved to a group" # expect: IAM903
  name = "ops"
}

# A second exception for a finding another one covers already is redundant:
# leastpriv:ignore[full-admin-statement] reason="break-glass" expires=2999-12-31
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # leastpriv:ignore[IAM101] reason="twice" # expect: IAM903
  })
}

# The last comment in a file is above nothing:
# leastpriv:ignore[IAM101] reason="left behind" # expect: IAM903
