"""Admin pages from the Flask era, still imported by a cron job."""
from flask import Flask

admin = Flask(__name__)
VISITS = []


@admin.route("/admin")
def dashboard():
    global admin_started
    admin_started = True
    VISITS.append(1)
    return "ok"
