# A partner user in the MFA group.
resource "aws_iam_user" "partner" {
  name = "digitspots-carol"
}

resource "aws_iam_group" "mfa" {
  name = "partners-mfa"
}

resource "aws_iam_user_group_membership" "carol" {
  user   = aws_iam_user.partner.name
  groups = [aws_iam_group.mfa.name]
}

# Not a partner.
resource "aws_iam_user" "staff" {
  name = "dave"
}

# A name that cannot be resolved is not judged.
resource "aws_iam_user" "unknown" {
  name = var.user_name
}
