module "k" {
  source = "./modules/k"
}

output "secret" {
  value = module.k.secret
}
