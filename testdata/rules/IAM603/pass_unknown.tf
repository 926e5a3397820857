# The condition operator comes from a variable: it could be StringNotEquals.
variable "operator" {
  type = string
}

resource "aws_organizations_policy" "regions" {
  name = "regions"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "*"
      Resource  = "*"
      Condition = { (var.operator) = { "aws:RequestedRegion" = ["eu-west-1"] } }
    }]
  })
}
