// placeholder until the Amigo target lands
