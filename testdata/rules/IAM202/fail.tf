resource "aws_iam_saml_provider" "okta" {
  name                   = "okta"
  saml_metadata_document = file("okta-metadata.xml")
}

# no condition at all
resource "aws_iam_role" "console" {
  name = "console"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: IAM202
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithSAML"
        Principal = { Federated = aws_iam_saml_provider.okta.arn }
      },
    ]
  })
}

# a condition, but not on the audience
data "aws_iam_policy_document" "by_name" {
  statement { # expect: IAM202
    actions = ["sts:AssumeRoleWithSAML", "sts:TagSession"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:saml-provider/AzureAD"]
    }
    condition {
      test     = "StringLike"
      variable = "SAML:sub"
      values   = ["*@example.com"]
    }
  }
}

resource "aws_iam_role" "by_name" {
  name               = "by-name"
  assume_role_policy = data.aws_iam_policy_document.by_name.json
}

# an audience condition that matches anything
resource "aws_iam_role" "any_audience" {
  name = "any-audience"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: IAM202
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithSAML"
        Principal = { Federated = "arn:aws:iam::111122223333:saml-provider/okta" }
        Condition = { StringLike = { "SAML:aud" = "*" } }
      },
    ]
  })
}
