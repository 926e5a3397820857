variable "bucket" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

data "aws_partition" "current" {}

resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:ListBucket"]
        Resource = [
          "*",
          "arn:aws:s3:::reports",
          "arn:aws:s3:::reports/*",
          "arn:aws:iam::111122223333:role/app",
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/orders",
          "arn:aws:logs:eu-west-1:111122223333:log-group:/app/api:*",
          "arn:*:ec2:*:*:instance/*",
          "arn:aws:ec2:us-east-1::image/*",
          # not known: not judged
          "${aws_s3_bucket.logs.arn}/*",
          "arn:${data.aws_partition.current.partition}:s3:::${var.bucket}",
          var.bucket,
        ]
      },
    ]
  })
}
