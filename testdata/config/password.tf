# Twelve characters: weak by default, fine with `min_password_length: 12`.
resource "aws_iam_account_password_policy" "weak" {
  minimum_password_length        = 12
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  password_reuse_prevention      = 24
}
