# A user with a console password and MFA, and no access keys.
resource "aws_iam_user" "dave" {
  name = "dave"
}

resource "aws_iam_user_login_profile" "dave" {
  user                    = aws_iam_user.dave.name
  password_reset_required = true
}

# Workloads use roles, which hand out temporary credentials.
resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.github_oidc.json
}
