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
