variable "ou_id" {
  type = string
}

resource "aws_organizations_policy" "allow_list" {
  name = "allow-list"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2:*", "rds:*"], Resource = "*" }]
  })
}

resource "aws_organizations_policy" "everything" {
  name = "everything"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" }, # expect: IAM604
    ]
  })
}

resource "aws_organizations_policy_attachment" "this" {
  for_each = {
    list       = aws_organizations_policy.allow_list.id
    everything = aws_organizations_policy.everything.id
  }
  policy_id = each.value
  target_id = var.ou_id
}
