data "aws_caller_identity" "current" {}

resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::444455556666:root" },
      Condition = { StringEquals = { "sts:ExternalId" = "c0ffee-4f2d" } } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::777788889999:root" },
      Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::777788889999:role/deploy-*" } } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::777788889999:root" },
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::777788889999:root" },
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } } },
      # the scan's own account, a named role, a Deny
      { Effect = "Allow", Action = "sts:AssumeRole",
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } },
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::444455556666:role/ci" } },
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::999999999999:root" } },
    ]
  })
}
