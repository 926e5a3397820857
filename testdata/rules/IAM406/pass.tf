# no users: people come through IAM Identity Center, workloads through roles; a user
# whose name is not known may be an allowed break-glass user
variable "user_name" {}

resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = data.aws_iam_policy_document.github.json
}

resource "aws_iam_user" "someone" {
  name = var.user_name
}
