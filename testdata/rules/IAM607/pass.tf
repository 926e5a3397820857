resource "aws_iam_account_password_policy" "baseline" {
  minimum_password_length = 14
}

resource "aws_accessanalyzer_analyzer" "account" {
  analyzer_name = "account"
}
