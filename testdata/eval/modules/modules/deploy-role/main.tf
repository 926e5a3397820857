variable "name" {
  type = string
}

variable "policy_json" {
  type = string
}

variable "trusted_service" {
  type    = string
  default = "codebuild.amazonaws.com"
}

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = var.trusted_service }
    }]
  })
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-inline"
  role   = aws_iam_role.this.id
  policy = var.policy_json
}

output "role_name" {
  value = aws_iam_role.this.name
}
