resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = [
          "s3:GetObject",
          "s3:GetObjects", # expect: IAM802
          "iam:PassRoles", # expect: IAM802
          "s4:GetObject",  # expect: IAM802
          "s3:Get*Polcy",  # expect: IAM802
          "GetObject",     # expect: IAM802
        ]
        Resource = "*"
      },
      {
        # a typo in a Deny leaves the guardrail empty
        Effect    = "Deny"
        NotAction = ["iam:DeleteRolePolicys"] # expect: IAM802
        Resource  = "*"
      },
    ]
  })
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoles" # expect: IAM802
      Principal = { Service = "codebuild.amazonaws.com" }
    }]
  })
}
