resource "aws_iam_user" "smtp" {
  name = "smtp"
}

resource "aws_iam_access_key" "smtp" {
  user    = aws_iam_user.smtp.name
  pgp_key = "keybase:mail-admins"
}

output "smtp_user" {
  value = aws_iam_access_key.smtp.id
}

output "smtp_password_encrypted" {
  value = aws_iam_access_key.smtp.encrypted_ses_smtp_password_v4
}
