// placeholder until the Digest target lands
