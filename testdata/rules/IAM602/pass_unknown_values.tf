# The root ARN pattern is a variable: it could name the root user.
variable "denied_principals" {
  type = list(string)
}

resource "aws_organizations_policy" "deny" {
  name = "deny-principals"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "*"
      Resource  = "*"
      Condition = { ArnLike = { "aws:PrincipalArn" = var.denied_principals } }
    }]
  })
}
