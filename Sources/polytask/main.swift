print("polytask: not wired yet")
