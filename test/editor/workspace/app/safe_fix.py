import pytz

BERLIN = pytz.timezone("Europe/Berlin")
