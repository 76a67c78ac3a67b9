print("vendorsync")
