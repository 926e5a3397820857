# Look-alikes that are not full administrator access.
resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # every action, but on one bucket only (wildcard-action's business, not this rule's)
      { Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::reports/*" },
      # everything denied is not a grant
      { Effect = "Deny", Action = "*", Resource = "*" },
      # every resource, but read-only actions
      { Effect = "Allow", Action = ["ec2:Describe*"], Resource = "*" },
      # every action on every resource, but only with MFA from the office network
      {
        Effect    = "Allow"
        Action    = "*"
        Resource  = "*"
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
      },
    ]
  })
}

# the actions come from a variable: unknown is not a finding
resource "aws_iam_policy" "from_var" {
  name = "from-var"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}

# a trust policy's principal "*" is trust-any-principal's business
resource "aws_iam_role" "svc" {
  name = "svc"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
