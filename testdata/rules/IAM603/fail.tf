# Guardrails for the member accounts, but any region can be used.
resource "aws_organizations_policy" "guardrails" { # expect: IAM603
  name = "guardrails"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Deny"
        Action   = "organizations:LeaveOrganization"
        Resource = "*"
      },
      {
        # conditioned on the region, but an Allow does not restrict anything
        Effect    = "Allow"
        Action    = "ec2:*"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:RequestedRegion" = ["eu-west-1"] } }
      },
      {
        # a Deny *in* one region is not an allowed-region list
        Effect    = "Deny"
        Action    = "*"
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestedRegion" = ["ap-east-1"] } }
      },
    ]
  })
}
