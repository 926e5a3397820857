variable "partner_account" {
  default = "444455556666"
}

resource "aws_iam_role" "partner" {
  name = "partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.partner_account}:root" } # expect: IAM307
    }]
  })
}

resource "aws_iam_role" "bare_id" {
  name = "bare-id"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      Principal = { AWS = [
        "arn:aws:iam::111122223333:role/ci",
        "777788889999", # expect: IAM307
      ] }
      # a condition that does not narrow the callers
      Condition = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } }
    }]
  })
}

variable "accounts" {}

resource "aws_iam_role" "unresolved" {
  name = "unresolved"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.accounts["shared"]}:root" } # expect: IAM307
    }]
  })
}
