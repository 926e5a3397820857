# An account baseline: a password policy, but no Access Analyzer.
resource "aws_iam_account_password_policy" "baseline" { # expect: IAM607
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  password_reuse_prevention      = 24
  allow_users_to_change_password = true
}
