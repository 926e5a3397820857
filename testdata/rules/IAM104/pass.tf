resource "aws_iam_role_policy_attachment" "lambda_logs" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# a customer managed policy that happens to share the name is not the AWS one
resource "aws_iam_role_policy_attachment" "custom" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::111122223333:policy/AdministratorAccess"
}

# the policy comes from a variable: not known, not flagged
resource "aws_iam_role_policy_attachment" "from_var" {
  role       = aws_iam_role.fn.name
  policy_arn = var.extra_policy_arn
}

resource "aws_iam_role_policy_attachment" "readonly" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
