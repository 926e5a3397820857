# An unknown for_each: one entity, whose each.value is not known.
variable "policies" {
  type = map(list(string))
}

resource "aws_iam_policy" "per_team" {
  for_each = var.policies
  name     = each.key
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = each.value, Resource = "arn:aws:s3:::reports/*" }]
  })
}
