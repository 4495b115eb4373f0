def handle(request):
    print("request received")
    try:
        return request.body
    except:
        return None
