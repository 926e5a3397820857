# Deny-list strategy: a copy of FullAWSAccess plus denies. Not reported.
resource "aws_organizations_policy" "full_access" {
  name = "full-access"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_organizations_policy" "guardrails" {
  name = "guardrails"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = "iam:*", Resource = "*", Condition = { ArnNotLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/admin" } } },
    ]
  })
}

# An allow list that names IAM actions one by one.
resource "aws_organizations_policy" "allow_list" {
  name = "allow-list"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["ec2:*", "s3:*"], Resource = "*" },
      { Effect = "Allow", Action = ["iam:Get*", "iam:List*", "iam:PassRole", "organizations:Describe*"], Resource = "*" },
    ]
  })
}

# Allows iam:* only in one region: a condition restricts it.
resource "aws_organizations_policy" "conditioned" {
  name = "conditioned"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:*", Resource = "*", Condition = { StringEquals = { "aws:RequestedRegion" = "us-east-1" } } },
    ]
  })
}

# The full-access copy and the list are attached to different OUs.
resource "aws_organizations_policy_attachment" "list" {
  policy_id = aws_organizations_policy.allow_list.id
  target_id = "ou-a1b2-11111111"
}

resource "aws_organizations_policy_attachment" "full" {
  policy_id = aws_organizations_policy.full_access.id
  target_id = "ou-a1b2-22222222"
}
