# also-run: IAM101
# leastpriv:ignore-file[IAM101] reason="no admin policy here any more" # expect: IAM903

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}
