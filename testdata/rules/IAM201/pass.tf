resource "aws_iam_role" "org_wide" {
  name = "org-wide-reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = "sts:AssumeRole"
        Condition = { StringEquals = { "sts:ExternalId" = "f81d4fae-7dec" } }
      },
      # an open principal in a Deny restricts, it does not grant
      { Effect = "Deny", Principal = "*", Action = "sts:AssumeRole" },
    ]
  })
}

# conditions come from a variable: not known, not flagged
resource "aws_iam_role" "conditional" {
  name = "conditional"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole", Condition = var.trust_conditions }]
  })
}

# Principal "*" in an identity policy is not a trust policy
resource "aws_iam_policy" "not_trust" {
  name = "not-trust"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::public/*" }]
  })
}
