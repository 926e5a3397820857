# the module passes the secret on to its caller through an output
resource "aws_iam_user" "u" {
  name = "u"
}

resource "aws_iam_access_key" "k" {
  user = aws_iam_user.u.name
}

output "secret" {
  value = aws_iam_access_key.k.secret # expect: IAM502
}
