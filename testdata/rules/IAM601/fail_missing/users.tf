# Console users and no password policy anywhere in the scan.
resource "aws_iam_user" "erin" {
  name = "erin"
}

resource "aws_iam_user_login_profile" "erin" { # expect: IAM601
  user                    = aws_iam_user.erin.name
  password_reset_required = true
}
