# a membership whose user is not known may be carol's: not judged
variable "member" {}

resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_user" "carol" {
  name = "carol"
}

resource "aws_iam_user_group_membership" "someone" {
  user   = var.member
  groups = [aws_iam_group.developers.name]
}
