resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group_policy_attachment" "developers_read" {
  group      = aws_iam_group.developers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "maria" {
  name = "maria.lopez"
  tags = { team = "platform" }
}

resource "aws_iam_user_group_membership" "maria" {
  user   = aws_iam_user.maria.name
  groups = [aws_iam_group.developers.name]
}

resource "aws_iam_user_login_profile" "maria" {
  user                    = aws_iam_user.maria.name
  password_reset_required = true
}

# Maria needed to upload release artefacts "just this once".
resource "aws_iam_user_policy_attachment" "maria_releases" {
  user       = aws_iam_user.maria.name
  policy_arn = aws_iam_policy.releases.arn
}

resource "aws_iam_access_key" "maria" {
  user = aws_iam_user.maria.name
}

resource "aws_iam_policy" "releases" {
  name        = "release-uploads"
  description = "Upload release artefacts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Upload"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = "arn:aws:s3:::acme-releases/*"
      },
    ]
  })
}

# Deny everything but MFA set-up until the user has signed in with MFA.
resource "aws_iam_group_policy" "developers_require_mfa" {
  name  = "require-mfa"
  group = aws_iam_group.developers.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyWithoutMFA"
        Effect    = "Deny"
        NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "sts:GetSessionToken"]
        Resource  = "*"
        Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
      },
    ]
  })
}
