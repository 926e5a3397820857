actions = ["*"]
