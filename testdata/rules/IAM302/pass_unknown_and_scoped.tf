variable "extra_policy_arn" {}

# An attachment the scan cannot resolve might deny: the method is unknown, not found.
resource "aws_iam_user" "erin" {
  name = "erin"
}

resource "aws_iam_user_policy" "erin" {
  name = "erin"
  user = aws_iam_user.erin.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*" }]
  })
}

resource "aws_iam_user_policy_attachment" "erin" {
  user       = aws_iam_user.erin.name
  policy_arn = var.extra_policy_arn
}

# A grant on the user's own key only (not every user) and read-only managed access.
resource "aws_iam_user" "frank" {
  name = "frank"
}

resource "aws_iam_user_policy" "frank" {
  name = "frank"
  user = aws_iam_user.frank.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "arn:aws:iam::111122223333:user/frank" }]
  })
}

resource "aws_iam_user_policy_attachment" "frank" {
  user       = aws_iam_user.frank.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# A boundary that cannot be resolved caps the permissions to something unknown.
variable "boundary_arn" {}

resource "aws_iam_role" "capped" {
  name                 = "capped"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [] })
  permissions_boundary = var.boundary_arn
}

resource "aws_iam_role_policy" "capped" {
  name = "capped"
  role = aws_iam_role.capped.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = "*" }]
  })
}
