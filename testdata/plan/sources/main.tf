module "ci" {
  source = "./modules/ci"
}

resource "aws_iam_user" "bot" {
  name = "bot"
}

resource "aws_iam_user_policy" "bot" {
  name = "bot"
  user = aws_iam_user.bot.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
