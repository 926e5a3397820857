# Credentials come from the environment; AWS's documentation examples are not keys.
provider "aws" {
  region = "eu-west-2"
}

provider "aws" {
  alias      = "docs"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

provider "aws" {
  alias      = "from_vars"
  access_key = var.access_key
  secret_key = var.secret_key
}

# role and user unique ids look similar but are not credentials
locals {
  role_unique_id = "AROAZ7LEASTPRIVTEST5"
}
