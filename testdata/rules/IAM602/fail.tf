# Guardrails for the member accounts, but none of them stops the root user.
resource "aws_organizations_policy" "guardrails" { # expect: IAM602
  name = "guardrails"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "NoLeaving"
        Effect   = "Deny"
        Action   = "organizations:LeaveOrganization"
        Resource = "*"
      },
      {
        # a Deny on aws:PrincipalArn, but for a role, not the root user
        Sid       = "ProtectAuditRole"
        Effect    = "Deny"
        Action    = ["iam:DeleteRole", "iam:UpdateAssumeRolePolicy"]
        Resource  = "arn:aws:iam::*:role/audit"
        Condition = { ArnNotLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/admin" } }
      },
    ]
  })
}

resource "aws_organizations_policy" "no_public_buckets" {
  name = "no-public-buckets"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "s3:PutAccountPublicAccessBlock"
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.guardrails.id
  target_id = "r-a1b2"
}
