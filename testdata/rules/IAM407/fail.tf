resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" { # expect: IAM407
  user    = aws_iam_user.alice.name
  pgp_key = "keybase:alice"
}

resource "aws_iam_user_login_profile" "bob" { # expect: IAM407
  user                    = "bob"
  pgp_key                 = "keybase:bob"
  password_reset_required = false
}
