resource "aws_iam_policy" "guardrail" {
  name = "guardrail"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # PutObject sends the encryption header
      {
        Effect    = "Deny"
        Action    = "s3:PutObject"
        Resource  = "*"
        Condition = { StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" } }
      },
      # a wildcard that includes an action carrying the key
      {
        Effect    = "Deny"
        Action    = "s3:Put*"
        Resource  = "*"
        Condition = { Null = { "s3:x-amz-server-side-encryption" = "true" } }
      },
      # global keys apply to every action
      {
        Effect    = "Deny"
        Action    = "s3:PutBucketPolicy"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:PrincipalTag/team" = "platform" } }
      },
      # a resource type's key (the role's tags for PassRole)
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "*"
        Condition = { StringEquals = { "iam:ResourceTag/team" = "platform", "iam:PassedToService" = "ec2.amazonaws.com" } }
      },
      # a key the catalogue does not know at all may be newer than it
      {
        Effect    = "Deny"
        Action    = "s3:GetObject"
        Resource  = "*"
        Condition = { StringEquals = { "s3:NoSuchKeyYet" = "x" } }
      },
      # with several actions, one carrying the key is enough
      {
        Effect    = "Allow"
        Action    = ["kms:Decrypt", "s3:GetObject"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }
      },
      # keys AWS adds to every request made with an instance's credentials
      {
        Effect    = "Deny"
        Action    = "s3:GetObject"
        Resource  = "*"
        Condition = { StringNotEquals = { "ec2:SourceInstanceARN" = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc" } }
      },
    ]
  })
}

variable "actions" {
  type = list(string)
}

# actions that are not known
resource "aws_iam_policy" "unknown" {
  name = "unknown"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Deny"
        Action    = var.actions
        Resource  = "*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "public-read" } }
      },
      {
        Effect    = "Deny"
        NotAction = "s3:PutObject"
        Resource  = "*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "public-read" } }
      },
    ]
  })
}

# identity provider keys are not in the catalogue
resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
        Condition = { StringEquals = { "token.actions.githubusercontent.com:sub" = "repo:acme/infra:ref:refs/heads/main" } }
      },
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Condition = { StringEquals = { "sts:ExternalId" = "c0ffee" } }
      },
    ]
  })
}

# the catalogue lists `states:HTTPEndpoint` for Step Functions but links it to no
# action, although AWS documents it for `states:InvokeHTTPEndpoint`: a gap in the data
resource "aws_iam_policy" "http_task" {
  name = "http-task"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "states:InvokeHTTPEndpoint"
        Resource  = "*"
        Condition = { StringLike = { "states:HTTPEndpoint" = "https://api.example.com/*" } }
      },
    ]
  })
}
