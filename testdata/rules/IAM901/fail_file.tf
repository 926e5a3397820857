/* leastpriv:ignore-file[user-with-direct-policy] reason="users are imported here" expires=2001-12-31 */ # expect: IAM901

resource "aws_iam_user" "legacy" {
  name = "legacy"
}
