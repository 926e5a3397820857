resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.ec2.json
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess", # expect: IAM108
  ]
}

resource "aws_iam_role_policy_attachment" "app_s3" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonS3FullAccess" # expect: IAM108
}

resource "aws_iam_group_policy_attachment" "devs_lambda" {
  group      = "developers"
  policy_arn = "arn:aws:iam::aws:policy/AWSLambda_FullAccess" # expect: IAM108
}

resource "aws_iam_user_policy_attachment" "bob" {
  user       = "bob"
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonSSMAutomationFullAccess" # expect: IAM108
}
