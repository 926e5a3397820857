# A FullAWSAccess copy attached beside the allow list at the same OU lifts the list.
resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = "r-a1b2"
}

resource "aws_organizations_policy" "allow_list" {
  name = "allow-list"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2:*", "s3:*"], Resource = "*" }]
  })
}

resource "aws_organizations_policy" "full_access" {
  name = "full-access"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" }, # expect: IAM604
    ]
  })
}

resource "aws_organizations_policy_attachment" "list" {
  policy_id = aws_organizations_policy.allow_list.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy_attachment" "full" {
  policy_id = aws_organizations_policy.full_access.id
  target_id = aws_organizations_organizational_unit.workloads.id
}
