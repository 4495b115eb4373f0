def handle(request):
    print("request received")
    return request
