resource "aws_iam_policy" "analysts" {
  name = "analysts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "redshift:GetClusterCredentials"
        Resource = "arn:aws:redshift:eu-west-1:111122223333:dbuser:analytics/report_reader"
      },
      # a condition constrains it
      {
        Effect    = "Allow"
        Action    = "rds-db:connect"
        Resource  = "*"
        Condition = { StringEquals = { "aws:ResourceTag/team" = "analytics" } }
      },
    ]
  })
}

# denied in the same document
resource "aws_iam_policy" "denied" {
  name = "denied"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "ec2:Get*", Resource = "*" },
      { Effect = "Deny", Action = "ec2:GetPasswordData", Resource = "*" },
    ]
  })
}

# `*` is full-admin-statement's and wildcard-action's
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

# access keys of other users are privilege-escalation-method's
resource "aws_iam_policy" "keys" {
  name = "keys"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*" }]
  })
}

# only the caller's own SSH keys
resource "aws_iam_policy" "self_service" {
  name = "self-service"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:UploadSSHPublicKey"
      Resource = "arn:aws:iam::*:user/$${aws:username}"
    }]
  })
}

# refused to the only principal by its permission boundary
resource "aws_iam_role" "bounded" {
  name                 = "bounded"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_policy" "boundary" {
  name = "boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "bounded" {
  name = "bounded"
  role = aws_iam_role.bounded.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:GetFederationToken", Resource = "*" }]
  })
}
