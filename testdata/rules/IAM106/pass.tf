resource "aws_iam_policy" "region_guardrail" {
  name = "region-guardrail"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::reports/*" },
      # NotResource in a Deny: deny writes everywhere except the team's own bucket
      { Effect = "Deny", Action = ["s3:PutObject"], NotResource = "arn:aws:s3:::team-scratch/*" },
    ]
  })
}
