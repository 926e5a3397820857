deny = {}
