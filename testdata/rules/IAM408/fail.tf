resource "aws_iam_user" "alice" { # expect: IAM408
  name = "alice smith"
}

resource "aws_iam_group" "ops" { # expect: IAM408
  name = "ops/admins"
}

resource "aws_iam_role" "deploy" { # expect: IAM408
  name               = "deploy-role-for-the-production-account-written-out-in-full-length-x"
  assume_role_policy = data.aws_iam_policy_document.ci.json
}

resource "aws_iam_policy" "read" { # expect: IAM408
  name   = "read:only"
  policy = data.aws_iam_policy_document.read.json
}
