# The plan and its source scanned together: one finding, at the .tf statement.
resource "aws_organizations_policy" "allow_list" {
  name = "allow_list"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2:*", "s3:*"], Resource = "*" }]
  })
}

resource "aws_organizations_policy" "full_access" {
  name = "full_access"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" }, # expect: IAM604
    ]
  })
}

resource "aws_organizations_policy_attachment" "list" {
  policy_id = aws_organizations_policy.allow_list.id
  target_id = "ou-a1b2-11111111"
}

resource "aws_organizations_policy_attachment" "full" {
  policy_id = aws_organizations_policy.full_access.id
  target_id = "ou-a1b2-11111111"
}
