variable "subjects" {}

resource "aws_iam_role" "gha" {
  name = "gha"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Condition = {
          StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
          StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:acme/*" }
        }
      },
      # subjects from a variable: not known, not reported
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/gitlab.com" }
        Condition = { StringLike = { "gitlab.com:sub" = var.subjects } }
      },
      # SAML federation is another rule's business
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithSAML"
        Principal = { Federated = "arn:aws:iam::111122223333:saml-provider/okta" }
      },
    ]
  })
}

resource "aws_iam_openid_connect_provider" "circleci" {
  url            = "https://oidc.circleci.com/org/0000"
  client_id_list = ["0000"]
}

# The subject key written with the provider's URL.
resource "aws_iam_role" "circleci" {
  name = "circleci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.circleci.arn }
      Condition = {
        StringLike = { "${aws_iam_openid_connect_provider.circleci.url}:sub" = ["org/0000/project/1111/user/*"] }
      }
    }]
  })
}
