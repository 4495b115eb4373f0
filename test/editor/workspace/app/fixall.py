import logging

logger = logging.getLogger(__name__)


def risky(value):
    try:
        print("start", value)
    except:
        print("failed")
