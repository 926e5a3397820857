# A Cognito identity pool's signed-in users share one role; the trust names the pool
# through the token's audience.

data "aws_iam_policy_document" "members_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = ["us-east-1:7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["authenticated"]
    }
  }
}

resource "aws_iam_role" "members" {
  name               = "pool-members"
  assume_role_policy = data.aws_iam_policy_document.members_trust.json
}
