# Every action on a queue, through a policy document with a dynamic statement.
locals {
  queues = {
    orders  = "arn:aws:sqs:eu-west-1:111122223333:orders"
    refunds = "arn:aws:sqs:eu-west-1:111122223333:refunds"
  }
}

data "aws_iam_policy_document" "queues" {
  dynamic "statement" { # expect: IAM102
    for_each = local.queues
    content {
      sid       = "All${statement.key}"
      actions   = ["*"]
      resources = [statement.value]
    }
  }
  statement { # expect: IAM102
    actions   = ["sqs:SendMessage", "*"]
    resources = [local.queues.orders]
  }
}

resource "aws_iam_role_policy" "worker" {
  name   = "worker"
  role   = "worker"
  policy = data.aws_iam_policy_document.queues.json
}
