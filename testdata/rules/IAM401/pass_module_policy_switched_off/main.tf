# Neither call passes managed policies, and one switches the user off: the module's
# attachments have no instance, so no policy is attached to a user.

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
