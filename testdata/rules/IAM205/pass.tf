# No setting: AWS's one hour.
resource "aws_iam_role" "default" {
  name               = "default"
  assume_role_policy = "{}"
}

# At the threshold.
resource "aws_iam_role" "four_hours" {
  name                 = "four-hours"
  assume_role_policy   = "{}"
  max_session_duration = 14400
}

# From a variable: not known, not judged.
resource "aws_iam_role" "from_var" {
  name                 = "from-var"
  assume_role_policy   = "{}"
  max_session_duration = var.session_seconds
}
