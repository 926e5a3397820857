resource "aws_ssoadmin_permission_set" "ops" {
  name             = "operations"
  instance_arn     = "arn:aws:sso:::instance/ssoins-1111111111111111"
  session_duration = "PT12H" # expect: IAM606
}

resource "aws_ssoadmin_permission_set" "support" {
  name             = "support"
  instance_arn     = "arn:aws:sso:::instance/ssoins-1111111111111111"
  session_duration = "PT4H30M" # expect: IAM606
}
