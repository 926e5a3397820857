resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user    = aws_iam_user.alice.name
  pgp_key = "keybase:alice"
}

# A key from a variable is still a key.
resource "aws_iam_user_login_profile" "bob" {
  user    = "bob"
  pgp_key = var.pgp_key
}
