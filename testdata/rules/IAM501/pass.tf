# Credentials come from the environment.
provider "aws" {
  region = "eu-west-2"
}

provider "aws" {
  alias      = "from_vars"
  access_key = var.access_key
  secret_key = var.secret_key
}

# Documentation: configure the CLI with `aws configure`, e.g. AKIAIOSFODNN7EXAMPLE /
# wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (AWS's published example values).

# role and user unique ids look similar but are not credentials
locals {
  role_unique_id = "AROAZ7LEASTPRIVTEST5"
}
