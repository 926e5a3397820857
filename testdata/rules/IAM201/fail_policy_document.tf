# Anyone may assume the role: principals "*" in a policy document, and an AWS "*" from a
# variable default.
variable "trusted" {
  default = ["*"]
}

data "aws_iam_policy_document" "trust" {
  statement { # expect: IAM201
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "trust_var" {
  statement { # expect: IAM201
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = var.trusted
    }
  }
}

resource "aws_iam_role" "open" {
  name               = "open"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role" "open_var" {
  name               = "open-var"
  assume_role_policy = data.aws_iam_policy_document.trust_var.json
}
