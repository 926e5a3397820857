resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::reports/*" },
      { Effect = "Allow", Action = ["s3:ListBucket", "*"], Resource = "arn:aws:s3:::reports" }, # expect: IAM102
    ]
  })
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.ec2.json

  inline_policy {
    name = "everything-on-queue"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{ # expect: IAM102
        Effect    = "Allow"
        Action    = "*"
        Resource  = aws_sqs_queue.jobs.arn
        Condition = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } }
      }]
    })
  }
}
