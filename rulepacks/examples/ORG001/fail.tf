resource "aws_iam_user" "partner" { # expect: ORG001
  name = "digitspots-alice"
}

resource "aws_iam_user" "partner_in_other_group" { # expect: ORG001
  name = "digitspots-bob"
}

resource "aws_iam_user_group_membership" "bob" {
  user   = aws_iam_user.partner_in_other_group.name
  groups = ["developers"]
}
