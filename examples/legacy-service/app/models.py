from datetime import datetime

from pydantic import BaseModel, Field


class OrderIn(BaseModel):
    customer: str = Field(..., min_length=1, max_length=100)
    quantity: int = Field(..., ge=1)

    class Config:
        orm_mode = True
        schema_extra = {"example": {"customer": "acme", "quantity": 3}}


class OrderOut(OrderIn):
    id: int
    created_at: datetime = Field(default_factory=datetime.utcnow)
