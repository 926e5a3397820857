resource "aws_iam_policy" "valid" {
  name = "valid"
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "reports"
    Statement = [{
      Sid       = "Read"
      Effect    = "Allow"
      Action    = ["s3:GetObject"]
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalTag/team" = "reports" } }
    }]
  })
}

# a document from a data source is not known yet: not malformed
resource "aws_iam_policy" "from_data" {
  name   = "from-data"
  policy = data.aws_iam_policy_document.reports.json
}
