# Scanned by tests/rulepack.rs with
#   user_name_pattern=^(svc|digitspots)-[a-z0-9-]+$
#   role_name_pattern=^(app|ci)-[a-z0-9-]+$
# (not a fail/pass fixture: those run with the pack's default parameters)
resource "aws_iam_user" "partner" {
  name = "digitspots-anna"
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_role" "deploy" {
  name               = "ci-deploy"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "legacy" {
  name               = "LegacyDeploy"
  assume_role_policy = "{}"
}

resource "aws_iam_group" "ops" {
  name = "Ops"
}
