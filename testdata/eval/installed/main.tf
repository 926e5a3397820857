# A root where `terraform init` ran: the registry module's code is in
# .terraform/modules, listed in modules.json. Findings inside it point at the call.

module "admin" {
  source  = "example-org/admin-role/aws"
  version = "1.2.0"

  role_name = "break-glass"
}

module "not_installed" {
  source = "example-org/other/aws"
}
