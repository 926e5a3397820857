resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" { # expect: IAM502
  user = aws_iam_user.ci.name
}

resource "aws_iam_user" "smtp" {
  name = "smtp"
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}

output "smtp_user" {
  value = aws_iam_access_key.smtp.id
}

output "smtp_password" {
  value     = aws_iam_access_key.smtp.ses_smtp_password_v4 # expect: IAM502
  sensitive = true
}

resource "aws_iam_access_key" "batch" {
  count = 2
  user  = aws_iam_user.ci.name
}

output "batch_secrets" {
  value = aws_iam_access_key.batch[*].secret # expect: IAM502
}
