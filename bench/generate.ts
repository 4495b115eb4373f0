import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A service-shaped corpus: FastAPI routers, SQLAlchemy queries, Pydantic
// models, the usual mistakes (prints, f-string SQL, naive datetimes, bare
// excepts, globals, blocking HTTP in async) next to their correct forms, so
// both engines see true findings and near misses in realistic proportions.

const HEADER = `"""{title} endpoints and persistence helpers."""
import logging
from datetime import datetime, timezone
from typing import Any

import httpx
import requests
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/{name}")
`;

const BLOCKS: string[] = [
  `
class {Title}{n}(BaseModel):
    id: int
    name: str
    tags: list[str] = []
    created_at: datetime
`,
  `
def get_{name}_{n}(session: Session, item_id: int) -> dict[str, Any] | None:
    row = session.execute(text("SELECT id, name FROM {name} WHERE id = :id"), {"id": item_id}).first()
    return dict(row._mapping) if row else None
`,
  `
def search_{name}_{n}(session: Session, term: str) -> list[Any]:
    query = f"SELECT id, name FROM {name} WHERE name LIKE '%{term}%'"
    return list(session.execute(text(query)))
`,
  `
def delete_{name}_{n}(cursor, item_id):
    cursor.execute("DELETE FROM {name} WHERE id = %s" % item_id)
`,
  `
def update_{name}_{n}(cursor, item_id, value):
    cursor.execute("UPDATE {name} SET value = %s WHERE id = %s", (value, item_id))
`,
  `
def rename_{name}_{n}(cursor, item_id, value):
    sql = "UPDATE {name} SET name = '" + value + "' WHERE id = " + str(item_id)
    cursor.execute(sql)
`,
  `
def stamp_{name}_{n}() -> datetime:
    return datetime.now()
`,
  `
def stamp_utc_{name}_{n}() -> datetime:
    return datetime.now(timezone.utc)
`,
  `
def legacy_stamp_{name}_{n}() -> datetime:
    return datetime.utcnow()
`,
  `
@router.get("/{item_id}")
def read_{name}_{n}(item_id: int) -> dict[str, Any]:
    print("reading", item_id)
    if item_id < 0:
        raise HTTPException(status_code=404, detail="not found")
    return {"id": item_id}
`,
  `
def parse_{name}_{n}(value: str) -> int:
    try:
        return int(value)
    except:
        logger.warning("bad value %s", value)
        return 0
`,
  `
def parse_checked_{name}_{n}(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        logger.warning("bad value %s", value)
        return 0
`,
  `
_{name}_count_{n} = 0


def count_{name}_{n}() -> int:
    global _{name}_count_{n}
    _{name}_count_{n} += 1
    return _{name}_count_{n}
`,
  `
async def fetch_{name}_{n}(url: str) -> str:
    response = requests.get(url, timeout=5)
    return response.text
`,
  `
async def fetch_async_{name}_{n}(url: str) -> str:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(url)
    return response.text
`,
  `
def prompt_{name}_{n}(choice: str) -> str:
    message = f"Select an option from the list: {choice}"
    logger.info(message)
    return message
`,
  `
def summarize_{name}_{n}(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals the rows per tag, skipping rows without tags."""
    totals: dict[str, int] = {}
    for row in rows:
        for tag in row.get("tags", []):
            totals[tag] = totals.get(tag, 0) + int(row.get("amount", 0))
    largest = max(totals.items(), key=lambda item: item[1], default=None)
    logger.debug("summarized %d rows into %d tags", len(rows), len(totals))
    return {"totals": totals, "largest": largest, "at": datetime.now(tz=timezone.utc).isoformat()}
`,
];

const TEST_FILE = `from app.{name} import parse_checked_{name}_0


def test_parse_{name}():
    print("debugging output is fine in tests")
    assert parse_checked_{name}_0("3") == 3
`;

const NAMES = ['orders', 'users', 'invoices', 'payments', 'shipments', 'products', 'carts', 'reviews', 'tickets', 'reports'];

/** A small deterministic generator (mulberry32), so every run lints the same corpus. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(template: string, name: string, n: number): string {
  const title = name[0].toUpperCase() + name.slice(1);
  return template.replaceAll('{name}', name).replaceAll('{Title}', title).replaceAll('{title}', title).replaceAll('{n}', String(n));
}

/** Writes `count` service modules (about 140 lines each) plus a test per name under `dir`. */
export function generateCorpus(dir: string, count: number): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'app'), { recursive: true });
  mkdirSync(join(dir, 'tests'), { recursive: true });
  const next = random(20240601);
  for (let i = 0; i < count; i++) {
    const name = NAMES[i % NAMES.length];
    const parts = [fill(HEADER, name, 0)];
    for (let n = 0; n < 24; n++) parts.push(fill(BLOCKS[Math.floor(next() * BLOCKS.length)], name, n));
    writeFileSync(join(dir, 'app', `${name}_${i}.py`), parts.join(''));
  }
  for (const name of NAMES) writeFileSync(join(dir, 'tests', `test_${name}.py`), fill(TEST_FILE, name, 0));
  return dir;
}
