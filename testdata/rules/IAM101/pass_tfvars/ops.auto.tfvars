actions = ["s3:GetObject"]
