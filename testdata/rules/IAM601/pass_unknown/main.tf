# Thresholds from variables cannot be judged: no finding.
resource "aws_iam_account_password_policy" "from_vars" {
  minimum_password_length        = var.min_length
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = var.require_symbols
  password_reuse_prevention      = var.reuse
}
