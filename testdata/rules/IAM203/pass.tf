resource "aws_s3_bucket" "reports" {
  bucket = "reports"
}

# the documented use: deny everyone except the listed principals
resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/reporting" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.reports.arn}/*"
      },
      {
        Effect       = "Deny"
        NotPrincipal = { AWS = "arn:aws:iam::111122223333:role/reporting" }
        Action       = "s3:*"
        Resource     = "${aws_s3_bucket.reports.arn}/*"
      },
    ]
  })
}

resource "aws_iam_role" "named" {
  name = "named"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/deployer" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

locals {
  # `not_principals` is an optional attribute the caller left out
  statements = {
    ec2 = {
      effect     = "Allow"
      principals = [{ type = "Service", identifiers = ["ec2.amazonaws.com"] }]
    }
  }
}

# a dynamic `not_principals` over a value the scan cannot resolve may produce nothing
data "aws_iam_policy_document" "generic" {
  dynamic "statement" {
    for_each = local.statements
    content {
      effect  = statement.value.effect
      actions = ["sts:AssumeRole"]
      dynamic "principals" {
        for_each = statement.value.principals
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
      dynamic "not_principals" {
        for_each = statement.value.not_principals != null ? statement.value.not_principals : []
        content {
          type        = not_principals.value.type
          identifiers = not_principals.value.identifiers
        }
      }
    }
  }
}

resource "aws_iam_role" "generic" {
  name               = "generic"
  assume_role_policy = data.aws_iam_policy_document.generic.json
}
