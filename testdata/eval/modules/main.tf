# A root module calling a local module three times (once plainly, twice through
# for_each), passing a policy document in and reading an output back.

data "aws_iam_policy_document" "artifacts" {
  statement {
    sid       = "Artifacts"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::${var.bucket}/*"]
  }
}

variable "bucket" {
  default = "build-artifacts"
}

module "ci" {
  source      = "./modules/deploy-role"
  name        = "ci-deploy"
  policy_json = data.aws_iam_policy_document.artifacts.json
}

module "team" {
  source   = "./modules/deploy-role"
  for_each = toset(["blue", "green"])
  name     = "team-${each.key}"
  policy_json = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:Describe*", Resource = "*" }]
  })
}

module "registry" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-user"
  version = "5.0.0"
}

resource "aws_iam_role_policy_attachment" "ci_readonly" {
  role       = module.ci.role_name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
