print("snippet target")
