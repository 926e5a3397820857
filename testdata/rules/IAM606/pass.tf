variable "session" {
  type = string
}

resource "aws_ssoadmin_permission_set" "ops" {
  name             = "operations"
  instance_arn     = "arn:aws:sso:::instance/ssoins-1111111111111111"
  session_duration = "PT4H"
}

# AWS's default: one hour
resource "aws_ssoadmin_permission_set" "readers" {
  name         = "readers"
  instance_arn = "arn:aws:sso:::instance/ssoins-1111111111111111"
}

# not known: not judged
resource "aws_ssoadmin_permission_set" "custom" {
  name             = "custom"
  instance_arn     = "arn:aws:sso:::instance/ssoins-1111111111111111"
  session_duration = var.session
}
