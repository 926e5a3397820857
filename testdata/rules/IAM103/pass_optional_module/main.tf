# The caller gives actions only: `not_actions` is null in every statement.
module "reports" {
  source = "./modules/policy"
  name   = "reports"
  statements = [
    {
      sid       = "ReadReports"
      actions   = ["s3:GetObject", "s3:ListBucket"]
      resources = ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    },
    {
      sid     = "DescribeInstances"
      actions = ["ec2:DescribeInstances"]
    },
  ]
}
