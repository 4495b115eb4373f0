import pytz


def stamp():
    print("stamp")
    return pytz.utc
