# the seed: PutBucketPolicy never carries the encryption header, so the deny never applies
resource "aws_iam_policy" "guardrail" {
  name = "guardrail"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Deny"
        Action   = "s3:PutBucketPolicy"
        Resource = "*"
        Condition = {
          StringEquals = { "s3:x-amz-server-side-encryption" = "AES256" } # expect: IAM805
        }
      },
    ]
  })
}

# a KMS key meant to be narrowed on an S3 action: the condition always holds
data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
    condition {
      test     = "StringNotEquals"
      variable = "kms:ViaService" # expect: IAM805
      values   = ["s3.eu-west-1.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = data.aws_iam_policy_document.reader.json
}

# a bucket policy: the ACL header is only sent when objects or buckets are written
resource "aws_s3_bucket_policy" "logs" {
  bucket = "logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]
        Condition = {
          StringEquals = { "s3:x-amz-acl" = "public-read" } # expect: IAM805
        }
      },
    ]
  })
}
