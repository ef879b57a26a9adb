// placeholder until the Control target lands
