variable "extra_conditions" {
  type = any
}

# the console flow's audience
resource "aws_iam_role" "console" {
  name = "console"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithSAML"
        Principal = { Federated = "arn:aws:iam::111122223333:saml-provider/okta" }
        Condition = { StringEquals = { "SAML:aud" = "https://signin.aws.amazon.com/saml" } }
      },
    ]
  })
}

# key case does not matter
data "aws_iam_policy_document" "lower" {
  statement {
    actions = ["sts:AssumeRoleWithSAML"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:saml-provider/AzureAD"]
    }
    condition {
      test     = "StringEquals"
      variable = "saml:aud"
      values   = ["https://signin.aws.amazon.com/saml"]
    }
  }
}

resource "aws_iam_role" "lower" {
  name               = "lower"
  assume_role_policy = data.aws_iam_policy_document.lower.json
}

# conditions not known: one of them may be the audience
resource "aws_iam_role" "unknown_conditions" {
  name = "unknown-conditions"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithSAML"
        Principal = { Federated = "arn:aws:iam::111122223333:saml-provider/okta" }
        Condition = var.extra_conditions
      },
    ]
  })
}

# an OIDC trust is not a SAML trust
resource "aws_iam_role" "oidc" {
  name = "oidc"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Condition = { StringEquals = { "token.actions.githubusercontent.com:sub" = "repo:acme/infra:ref:refs/heads/main" } }
      },
    ]
  })
}

# a deny is not a grant
resource "aws_iam_role" "deny" {
  name = "deny"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Deny"
        Action    = "sts:AssumeRoleWithSAML"
        Principal = { Federated = "arn:aws:iam::111122223333:saml-provider/okta" }
      },
    ]
  })
}
