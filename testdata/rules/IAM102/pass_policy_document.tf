# Look-alikes: a Deny of every action, an action list from an unset variable, and a
# dynamic statement over a collection that is not known.
variable "queue_actions" {}
variable "queues" {}

data "aws_iam_policy_document" "queues" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["arn:aws:sqs:eu-west-1:111122223333:audit"]
  }
  statement {
    actions   = var.queue_actions
    resources = ["arn:aws:sqs:eu-west-1:111122223333:orders"]
  }
  dynamic "statement" {
    for_each = var.queues
    content {
      actions   = statement.value.actions
      resources = [statement.value.arn]
    }
  }
}

resource "aws_iam_role_policy" "worker" {
  name   = "worker"
  role   = "worker"
  policy = data.aws_iam_policy_document.queues.json
}
