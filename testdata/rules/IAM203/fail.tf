resource "aws_s3_bucket" "reports" {
  bucket = "reports"
}

# everyone but one user may read the reports
resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: IAM203
        Effect       = "Allow"
        NotPrincipal = { AWS = "arn:aws:iam::111122223333:user/mallory" }
        Action       = "s3:GetObject"
        Resource     = "${aws_s3_bucket.reports.arn}/*"
      },
    ]
  })
}

# a trust policy written with a policy document
data "aws_iam_policy_document" "trust" {
  statement { # expect: IAM203
    actions = ["sts:AssumeRole"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_iam_role" "inverted" {
  name               = "inverted"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
