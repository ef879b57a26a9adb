// placeholder until the Quant target lands
