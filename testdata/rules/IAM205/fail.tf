resource "aws_iam_role" "ops" {
  name                 = "ops"
  assume_role_policy   = "{}"
  max_session_duration = 43200 # expect: IAM205
}

resource "aws_iam_role" "just_over" {
  name                 = "just-over"
  assume_role_policy   = "{}"
  max_session_duration = 14401 # expect: IAM205
}
