# The SCPs and their attachments live in a module: they link there by address.
module "scps" {
  source = "./modules/scps"
  ou_id  = "ou-a1b2-33333333"
}
