variable "allowed_regions" {
  type = list(string)
}

resource "aws_organizations_policy" "regions" {
  name = "allowed-regions"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenyOutsideAllowedRegions"
      Effect = "Deny"
      NotAction = [
        "iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*", "route53:*",
        "budgets:*", "waf:*",
      ]
      Resource = "*"
      # the list itself may be unknown: the statement is a region restriction anyway
      Condition = { StringNotEquals = { "aws:RequestedRegion" = var.allowed_regions } }
    }]
  })
}
