resource "aws_iam_policy" "typos" {
  name = "typos"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Permit" # expect: IAM801
      Actions  = "s3:GetObject" # expect: IAM801
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy" "broken_json" {
  name = "broken-json"
  role = "app"
  # expect: IAM801@21
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow" "Action": "s3:GetObject", "Resource": "*"}
      ]
    }
  EOT
}
