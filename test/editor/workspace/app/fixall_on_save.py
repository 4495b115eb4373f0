import pytz

UTC = pytz.utc


def parse(text):
    try:
        return int(text)
    except:
        return 0
