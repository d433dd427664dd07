print("spec")
