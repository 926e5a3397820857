# not_actions in a Deny is the intended use.
data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid         = "DenyAllExceptMfaSetupWithoutMFA"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
  statement {
    actions   = ["iam:ChangePassword"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "require_mfa" {
  name   = "require-mfa"
  policy = data.aws_iam_policy_document.require_mfa.json
}
