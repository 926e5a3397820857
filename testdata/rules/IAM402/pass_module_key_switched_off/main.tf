# Both calls switch the access key off in the caller's own code: Terraform creates no
# key, whatever the module's default says.

module "reader" {
  source   = "./modules/person"
  name     = "reader"
  with_key = false
}

module "retired" {
  source  = "./modules/person"
  name    = "retired"
  enabled = false
}

resource "aws_iam_group" "people" {
  name = "people"
}

resource "aws_iam_group_membership" "people" {
  name  = "people"
  group = aws_iam_group.people.name
  users = [module.reader.name]
}
