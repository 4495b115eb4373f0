import datetime

import pytz
import requests
from fastapi import FastAPI, HTTPException

from app.db import SessionLocal, orders_for
from app.models import OrderIn

app = FastAPI(title="Orders", version="1.0.0")

_cache = {}
PARIS = pytz.timezone("Europe/Paris")


@app.get("/health")
def health():
    return {"status": "healthy", "time": datetime.datetime.now(datetime.timezone.utc).isoformat()}


@app.get("/orders/{customer}")
async def list_orders(customer: str):
    if customer in _cache:
        return _cache[customer]
    session = SessionLocal()
    try:
        rows = orders_for(session, customer)
    except:
        raise HTTPException(status_code=500, detail="database error")
    finally:
        session.close()
    _cache[customer] = rows
    return rows


@app.post("/orders")
async def create_order(order: OrderIn):
    quote = requests.get("https://pricing.internal/quote", params={"customer": order.customer}, timeout=5)
    print("created order for", order.customer, "at", datetime.datetime.now(PARIS))
    return {"quote": quote.json(), "created": datetime.datetime.utcnow().isoformat()}
