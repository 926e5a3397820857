resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Read", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" },
      { Sid = "Read", Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::reports" }, # expect: IAM803
      { Sid = "Write", Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::reports/*" },
      { Sid = "Read", Effect = "Allow", Action = "s3:GetObjectTagging", Resource = "arn:aws:s3:::reports/*" }, # expect: IAM803
    ]
  })
}

resource "aws_iam_role_policy" "worker" {
  name = "worker"
  role = "worker"
  # expect: IAM803@21
  policy = <<-EOT
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "Queue", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:jobs"},
      {"Sid": "Queue", "Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:jobs"}
    ]}
  EOT
}
