resource "aws_iam_account_password_policy" "baseline" {
  minimum_password_length = 14
}

# the analyzer may be in this module, which the scan cannot read
module "monitoring" {
  source = "git::https://example.com/org/monitoring.git"
}
