resource "aws_iam_role" "oncall" {
  name                 = "oncall"
  max_session_duration = 3600
  assume_role_policy   = data.aws_iam_policy_document.oncall_trust.json
}

data "aws_iam_policy_document" "oncall_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role_policy_attachment" "oncall_admin" {
  role       = aws_iam_role.oncall.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy" "oncall_extras" {
  name   = "extras"
  role   = aws_iam_role.oncall.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Logs",
          "Effect": "Allow",
          "Action": ["logs:GetLogEvents", "logs:FilterLogEvents"],
          "Resource": "arn:aws:logs:eu-west-1:111122223333:log-group:/app/*"
        },
        {
          "Sid": "Everything",
          "Effect": "Allow",
          "Action": "*",
          "Resource": "*"
        }
      ]
    }
  EOT
}
