# `*` where the actions have no resource types, scoped resources, and statements other
# rules report or that cannot be judged.
variable "actions" {
  type = list(string)
}

resource "aws_iam_policy" "ops" {
  name = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["ec2:DescribeInstances", "ec2:DescribeTags"], Resource = "*" },
      { Effect = "Allow", Action = ["ec2:Describe*"], Resource = "*" },
      { Effect = "Allow", Action = ["s3:ListAllMyBuckets", "sts:GetCallerIdentity", "ecr:GetAuthorizationToken"], Resource = "*" },
      { Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = "arn:aws:s3:::uploads/*" },
      { Effect = "Allow", Action = "s3:*", Resource = ["arn:aws:s3:::uploads", "arn:aws:s3:::uploads/*"] },
      { Effect = "Deny", Action = "s3:*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
      { Effect = "Deny", Action = ["s3:DeleteObject"], Resource = "*" },
      # conditions may be what limits the resources
      { Effect = "Allow", Action = "ec2:TerminateInstances", Resource = "*", Condition = { StringEquals = { "aws:ResourceTag/team" = "ops" } } },
      { Effect = "Allow", Action = "cloudwatch:PutMetricData", Resource = "*", Condition = { StringEquals = { "cloudwatch:namespace" = "App" } } },
      # reported by wildcard-action / full-admin-statement and allow-with-not-action
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Allow", NotAction = ["iam:*"], Resource = "*" },
      # unresolved actions and actions the catalogue does not know
      { Effect = "Allow", Action = var.actions, Resource = "*" },
      { Effect = "Allow", Action = ["s3:PutObjects"], Resource = "*" },
      # an ARN with a literal service is not all wildcards
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::*" },
    ]
  })
}

# trust policies are not identity policies
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
