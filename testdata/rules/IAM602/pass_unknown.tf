# The second policy's document comes from a variable: it could deny the root user.
variable "extra_scp" {
  type = string
}

resource "aws_organizations_policy" "guardrails" {
  name = "guardrails"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
}

resource "aws_organizations_policy" "extra" {
  name    = "extra"
  content = var.extra_scp
}
