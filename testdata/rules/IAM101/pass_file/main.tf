# Files outside the scanned directory are never read: the policy stays unknown.
resource "aws_iam_policy" "outside" {
  name   = "outside"
  policy = file("../fail_file/policy.json")
}

resource "aws_iam_policy" "absolute" {
  name   = "absolute"
  policy = file("/etc/passwd")
}

# A template's unknown variables keep it unknown.
resource "aws_iam_policy" "template" {
  name   = "template"
  policy = templatefile("policy.json.tftpl", { actions = var.actions })
}

variable "actions" {
  type = list(string)
}

# The file holds a read-only policy.
resource "aws_iam_policy" "read" {
  name   = "read"
  policy = file("${path.module}/read.json")
}
