resource "aws_s3_bucket" "site" {
  bucket = "site"
}

# only inside the organisation
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.site.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

resource "aws_s3_bucket" "vpc_only" {
  bucket = "vpc-only"
}

# open to all, but a deny keeps everyone outside the endpoint out
resource "aws_s3_bucket_policy" "vpc_only" {
  bucket = aws_s3_bucket.vpc_only.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:PutObject"]
        Resource  = "${aws_s3_bucket.vpc_only.arn}/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "${aws_s3_bucket.vpc_only.arn}/*"
        Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" } }
      },
    ]
  })
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# the shape of SNS's default topic policy
resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["SNS:Publish", "SNS:Subscribe"]
        Resource  = aws_sns_topic.alerts.arn
        Condition = { StringEquals = { "AWS:SourceOwner" = "111122223333" } }
      },
    ]
  })
}

resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = "arn:aws:iam::111122223333:role/hook"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "hook.zip"
}

# a service principal, pinned to the bucket that notifies
resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hook.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.site.arn
}

# `*` narrowed to one account
resource "aws_lambda_permission" "account" {
  statement_id   = "AllowAccount"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.hook.function_name
  principal      = "*"
  source_account = "111122223333"
}

variable "conditions" {
  type = any
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

# conditions that are not known may narrow
resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.jobs.arn
        Condition = var.conditions
      },
    ]
  })
}

# reachable only through VPC endpoints of one account
resource "aws_s3_bucket_policy" "vpce_account" {
  bucket = "vpce-account"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::vpce-account/*"
        Condition = { StringEquals = { "aws:VpceAccount" = "111122223333" } }
      },
    ]
  })
}
