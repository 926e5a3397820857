# also-run: IAM401
# leastpriv:ignore-file[user-with-direct-policy] reason="legacy users, see SEC-9" owner=iam-team

resource "aws_iam_user_policy_attachment" "a" {
  user       = "a"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user_policy_attachment" "b" {
  user       = "b"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
