resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = ["s3:GetObject"]
        Resource = [
          "reports-bucket/*",                   # expect: IAM804
          "arn:aws:s3::reports-bucket",         # expect: IAM804
          "arn:amazon:s3:::reports-bucket",     # expect: IAM804
          "arn:aws:iam::1234:role/reports",     # expect: IAM804
          "arn:aws:s3:::reports-bucket/*",
        ]
      },
      {
        Effect      = "Deny"
        Action      = "s3:DeleteObject"
        NotResource = "arn:aws:S3:::reports-bucket/tmp/*" # expect: IAM804
      },
    ]
  })
}
