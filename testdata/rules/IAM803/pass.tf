variable "sid" {
  type = string
}

resource "aws_iam_policy" "reports" {
  name = "reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "ReadObjects", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" },
      { Sid = "ListBucket", Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::reports" },
      { Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::reports/*" },
      { Effect = "Allow", Action = "s3:DeleteObject", Resource = "arn:aws:s3:::reports/*" },
      { Sid = "", Effect = "Allow", Action = "s3:GetObjectTagging", Resource = "arn:aws:s3:::reports/*" },
      { Sid = "", Effect = "Allow", Action = "s3:PutObjectTagging", Resource = "arn:aws:s3:::reports/*" },
      { Sid = var.sid, Effect = "Allow", Action = "s3:GetBucketTagging", Resource = "arn:aws:s3:::reports" },
      { Sid = var.sid, Effect = "Allow", Action = "s3:PutBucketTagging", Resource = "arn:aws:s3:::reports" },
    ]
  })
}

# the same Sid in another policy is fine
resource "aws_iam_policy" "archive" {
  name = "archive"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "ReadObjects", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::archive/*" }]
  })
}

# override documents replace statements by Sid: no duplicate remains
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::base/*"]
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::merged/*"]
  }
}

resource "aws_iam_policy" "merged" {
  name   = "merged"
  policy = data.aws_iam_policy_document.merged.json
}
