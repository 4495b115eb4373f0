def ratio(part, whole):
    try:
        return part / whole
    except:
        return 0.0
