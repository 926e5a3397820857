data "aws_iam_policy_document" "queue" {
  statement {
    actions = ["sqs:SendMessage"]
    resources = [
      "arn:aws:sqs:eu-west-1:111122223333:jobs",
      "arn:aws:sqs:eu-west-1:jobs", # expect: IAM804
    ]
  }
}

resource "aws_iam_policy" "queue" {
  name   = "queue"
  policy = data.aws_iam_policy_document.queue.json
}
