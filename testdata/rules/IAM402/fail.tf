resource "aws_iam_user" "ci" {
  name = "ci-bot"
}

resource "aws_iam_access_key" "ci" { # expect: IAM402
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:platform-team"
}

resource "aws_iam_user" "carol" {
  name = "carol"
}

resource "aws_iam_user_login_profile" "carol" {
  user                    = aws_iam_user.carol.name
  password_reset_required = true
}

resource "aws_iam_access_key" "carol" { # expect: IAM402
  user = aws_iam_user.carol.name
}
