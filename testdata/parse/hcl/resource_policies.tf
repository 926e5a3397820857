locals {
  account = "123456789012"
}

resource "aws_s3_bucket_policy" "public" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::site/*"
    }]
  })
}

resource "aws_kms_key" "default_policy" {
  description = "no policy: AWS's default key policy applies"
}

resource "aws_kms_key" "shared" {
  policy = data.aws_iam_policy_document.key.json
}

data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account}:root"]
    }
  }
}

resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/123456789012/q"
  policy    = var.queue_policy
}

resource "aws_sns_topic_policy" "t" {
  arn    = aws_sns_topic.t.arn
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish", "Resource": "*"}]}
EOF
}

resource "aws_ecr_repository_policy" "r" {
  repository = "app"
  policy     = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "ecr:BatchGetImage" }] })
}

resource "aws_secretsmanager_secret_policy" "s" {
  secret_arn = aws_secretsmanager_secret.s.arn
  policy     = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "*", Resource = "*" }] })
}

resource "aws_lambda_permission" "s3" {
  function_name  = aws_lambda_function.f.function_name
  action         = "lambda:InvokeFunction"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads"
  source_account = local.account
}

resource "aws_organizations_policy" "deny_leave" {
  name = "deny-leave"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
}

resource "aws_organizations_policy" "tags" {
  name    = "tags"
  type    = "TAG_POLICY"
  content = "{}"
}

resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = "r-abcd"
}

resource "aws_ssoadmin_permission_set" "admins" {
  name             = "admins"
  instance_arn     = "arn:aws:sso:::instance/ssoins-1"
  session_duration = "PT12H"
}

resource "aws_ssoadmin_permission_set_inline_policy" "admins" {
  instance_arn       = aws_ssoadmin_permission_set.admins.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.admins.arn
  inline_policy      = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_ssoadmin_managed_policy_attachment" "admins" {
  instance_arn       = aws_ssoadmin_permission_set.admins.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.admins.arn
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_ssoadmin_customer_managed_policy_attachment" "admins" {
  instance_arn       = aws_ssoadmin_permission_set.admins.instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.admins.arn
  customer_managed_policy_reference {
    name = "team-boundary"
    path = "/"
  }
}

resource "aws_iam_saml_provider" "idp" {
  name                   = "idp"
  saml_metadata_document = file("idp.xml")
}

resource "aws_sqs_queue" "inline" {
  name   = "inline"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "sns.amazonaws.com" }, Action = "sqs:SendMessage", Resource = "*" }] })
}

resource "aws_sns_topic" "no_policy" {
  name = "plain"
}
