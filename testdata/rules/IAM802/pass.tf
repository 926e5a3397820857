variable "verb" {
  type = string
}

variable "extra" {
  type = list(string)
}

resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        # any case, wildcards, and wildcards in the service part
        Action   = ["s3:GetObject", "S3:putobject", "iam:Pass*", "ec2:Describe*", "dynamodb:*", "*:GetCallerIdentity", "s?:ListBucket"]
        Resource = "*"
      },
      { Effect = "Allow", Action = "*", Resource = "*" },
      # not known: not judged
      { Effect = "Allow", Action = ["s3:${var.verb}"], Resource = "*" },
      { Effect = "Allow", Action = var.extra, Resource = "*" },
      { Effect = "Deny", NotAction = ["iam:*", "sts:*", "organizations:*"], Resource = "*" },
    ]
  })
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
    }]
  })
}
