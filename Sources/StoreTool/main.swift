print("StoreTool: not written yet")
