# Policies read from files of the module: full administrators. Findings point at the
# call that reads the file.
resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = file("${path.module}/policy.json") # expect: IAM101
}

resource "aws_iam_policy" "rendered" {
  name = "rendered"
  policy = templatefile("${path.module}/policy.json.tftpl", { # expect: IAM101
    actions = ["s3:GetObject", "*"]
    admin   = true
  })
}

resource "aws_iam_policy" "guarded" {
  name   = "guarded"
  policy = fileexists("policy.json") ? file(abspath("policy.json")) : "" # expect: IAM101
}
