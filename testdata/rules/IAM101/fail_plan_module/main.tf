# The policy reaches the module through a variable: the source alone cannot see it
# (module calls are not evaluated), the plan can, and its finding points here.
module "admin" {
  source = "./modules/admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
