# Only the access key id goes out through a local; the secret is encrypted with a PGP key,
# so the state holds ciphertext and the output no secret at all.
resource "aws_iam_user" "uploader" {
  name = "nightly-uploader"
}

resource "aws_iam_access_key" "uploader" {
  user    = aws_iam_user.uploader.name
  pgp_key = "keybase:platform_team"
}

locals {
  uploader_key = {
    access_key_id = aws_iam_access_key.uploader.id
    encrypted     = aws_iam_access_key.uploader.encrypted_secret
  }
}

output "uploader_key" {
  value = local.uploader_key
}
