resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_group" "humans" {
  name = "humans"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.humans.name]
}

data "aws_iam_policy_document" "force_mfa" {
  statement {
    sid    = "DenyAllExceptMfaSetupWithoutMfa"
    effect = "Deny"
    not_actions = [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ListMFADevices",
      "iam:ListVirtualMFADevices",
      "iam:ResyncMFADevice",
      "iam:ChangePassword",
      "sts:GetSessionToken",
    ]
    resources = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "force_mfa" {
  name   = "force-mfa"
  policy = data.aws_iam_policy_document.force_mfa.json
}

resource "aws_iam_group_policy_attachment" "humans_force_mfa" {
  group      = aws_iam_group.humans.name
  policy_arn = aws_iam_policy.force_mfa.arn
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = aws_iam_user.alice.name
  pgp_key                 = "keybase:alice"
  password_reset_required = true
}

# bob's group is not in the scan: its policies may enforce MFA
resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_user_group_membership" "bob" {
  user   = aws_iam_user.bob.name
  groups = [var.humans_group]
}

variable "humans_group" {}

resource "aws_iam_user_login_profile" "bob" {
  user                    = aws_iam_user.bob.name
  pgp_key                 = "keybase:bob"
  password_reset_required = true
}
