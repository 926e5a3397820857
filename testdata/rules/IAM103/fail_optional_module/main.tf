# The second statement passes `not_actions` and takes the default effect, Allow:
# everything but IAM.
module "power" {
  source = "./modules/policy"
  name   = "power"
  statements = [
    {
      sid     = "ReadReports"
      actions = ["s3:GetObject"]
    },
    {
      sid         = "EverythingButIam"
      not_actions = ["iam:*", "organizations:*"]
    },
  ]
}
