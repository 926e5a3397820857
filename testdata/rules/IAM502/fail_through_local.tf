# The secret reaches the output through two locals: an object that bundles the key's id
# and its secret. Marking the output sensitive hides it on screen, not in the state.
resource "aws_iam_user" "reporting" {
  name = "reporting-export"
}

resource "aws_iam_access_key" "reporting" {
  user = aws_iam_user.reporting.name
}

locals {
  reporting_secret = aws_iam_access_key.reporting.secret
  reporting_credentials = {
    access_key_id     = aws_iam_access_key.reporting.id
    secret_access_key = local.reporting_secret
  }
}

output "reporting_credentials" {
  value     = local.reporting_credentials # expect: IAM502
  sensitive = true
}
