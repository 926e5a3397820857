resource "aws_iam_role" "reports_reader" {
  name = "reports-reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

resource "aws_iam_role" "org_auditor" {
  name = "org-auditor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sts:AssumeRole"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = var.organization_id } }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "org_auditor" {
  role       = aws_iam_role.org_auditor.name
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}
