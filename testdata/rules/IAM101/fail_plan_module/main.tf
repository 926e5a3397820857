# The policy reaches the module through a variable. The source, evaluated per module
# call, and the plan both see it; the plan's finding pairs with the source's and is
# reported once, at the statement where the policy is written.
module "admin" {
  source = "./modules/admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # expect: IAM101
  })
}
