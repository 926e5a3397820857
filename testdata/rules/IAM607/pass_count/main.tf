variable "enable_analyzer" {
  type    = bool
  default = false
}

resource "aws_iam_account_password_policy" "baseline" {
  minimum_password_length = 14
}

# switched off by default, but a caller can switch it on: it counts as present
resource "aws_accessanalyzer_analyzer" "account" {
  count         = var.enable_analyzer ? 1 : 0
  analyzer_name = "account"
}
