"""Database access, written before the team adopted SQLAlchemy 2."""
import sqlite3

from sqlalchemy import Column, Integer, String, create_engine, text
from sqlalchemy.orm import declarative_base, sessionmaker

DATABASE_URL = "sqlite:///./orders.db"

engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    customer = Column(String(100))
    status = Column(String(20))


def orders_for(session, customer):
    return session.execute(f"SELECT * FROM orders WHERE customer = '{customer}'").fetchall()


def cancel(session, order_id):
    statement = text("UPDATE orders SET status = 'cancelled' WHERE id = :id")
    session.execute(statement, {"id": order_id})


def export(path, status):
    connection = sqlite3.connect(path)
    cursor = connection.cursor()
    cursor.execute("SELECT id, customer FROM orders WHERE status = '%s'" % status)
    return cursor.fetchall()
