variable "reset" {}

resource "aws_iam_user_login_profile" "alice" {
  user                    = "alice"
  pgp_key                 = "keybase:alice"
  password_reset_required = true
}

# not known before apply: not judged
resource "aws_iam_user_login_profile" "bob" {
  user                    = "bob"
  pgp_key                 = "keybase:bob"
  password_reset_required = var.reset
}
