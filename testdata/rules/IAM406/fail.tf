resource "aws_iam_user" "alice" { # expect: IAM406
  name = "alice"
}

resource "aws_iam_user" "ci" { # expect: IAM406
  name = "ci-deployer"
  path = "/system/"
}
