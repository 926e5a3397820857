resource "aws_iam_policy" "all_but_payroll" {
  name = "all-but-payroll"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: IAM106
      Effect      = "Allow"
      Action      = ["s3:GetObject"]
      NotResource = ["arn:aws:s3:::payroll", "arn:aws:s3:::payroll/*"]
    }]
  })
}
