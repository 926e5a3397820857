deploy_key_id = "AKIAZ7LEASTPRIVTEST4" # expect: IAM501
