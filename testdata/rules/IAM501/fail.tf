# Fake credentials, written for this fixture only.
provider "aws" {
  region     = "eu-west-2"
  access_key = "AKIAZ7LEASTPRIVTEST2"                     # expect: IAM501
  secret_key = "Lp7fixtureOnlyNotARealSecretKey0000/+abc" # expect: IAM501
}

resource "aws_instance" "build" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/sh
    export AWS_ACCESS_KEY_ID=ASIAZ7LEASTPRIVTEST3 # expect: IAM501
  EOT
}

# Even AWS's documentation example configures static keys when written in a provider block.
provider "aws" {
  alias      = "legacy"
  access_key = "AKIAIOSFODNN7EXAMPLE" # expect: IAM501
}
