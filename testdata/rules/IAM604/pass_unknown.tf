variable "actions" {
  type = list(string)
}

# The actions are not known: they could be anything, but nothing known is broad.
resource "aws_organizations_policy" "allow_list" {
  name = "allow-list"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
