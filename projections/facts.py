"""Read model `facts`: every fact as recorded, with when (and by which retraction) it was retracted.

One row per fact, keyed by its notification position, so recording order is `ORDER BY
position`. `history` reads it as is; `show` reads a participant's facts known at a time and
replays them. Knowledge times are `domain.values.utc_key` strings, which sort like instants.
"""
from __future__ import annotations

import json
import sqlite3
from domain.facts import canonical
from domain.values import utc_key

TABLE = "facts"
COLUMNS = ("position", "participant", "id", "type", "date", "recorded_utc",
           "retracted_by", "retracted_at", "retracted_utc", "fact")
TYPES = {"position": "INTEGER"}  # every other column is text

# A new row leaves the retraction columns NULL; a retraction sets them with RETRACT (in the
# same transaction when both are in one batch).
INSERT = f"INSERT INTO {TABLE} ({', '.join(COLUMNS[:6])}, fact) VALUES ({', '.join('?' * 7)})"
RETRACT = (f"UPDATE {TABLE} SET retracted_by = ?, retracted_at = ?, retracted_utc = ? "
           f"WHERE position = ?")

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def row(position: int, fact: dict, utc: str, text: str | None = None) -> tuple:
    """The row of one fact (for INSERT): the fact itself is kept as recorded (JSON, its own
    key order; `text` when the caller has it already)."""
    return (position, fact["participant"], fact["id"], fact["type"], fact["date"], utc,
            text or _dumps(fact))


def known(conn: sqlite3.Connection, participant: str, known_utc: str | None = None) -> list[dict]:
    """The participant's facts recorded by then (retractions included), in recording order."""
    sql = f"SELECT fact FROM {TABLE} WHERE participant = ?"
    params: list = [participant]
    if known_utc is not None:
        sql += " AND recorded_utc <= ?"
        params.append(known_utc)
    return [json.loads(r[0]) for r in conn.execute(sql + " ORDER BY position", params)]


def utc(recorded_at: str) -> str:
    """`domain.values.utc_key` for a recorded_at the write side has validated, faster: with a
    whole-hour offset only the date and hour change, so those are converted once per hour."""
    if len(recorded_at) == 25 and recorded_at[23:] == "00" and recorded_at[19] in "+-":
        key = recorded_at[:13] + recorded_at[19:]
        hour = _HOURS.get(key)
        if hour is None:
            if len(_HOURS) > 200_000:
                _HOURS.clear()
            hour = _HOURS[key] = utc_key(recorded_at[:13] + ":00:00" + recorded_at[19:])[:13]
        return hour + recorded_at[13:19] + ".000000Z"
    return utc_key(recorded_at)


_HOURS: dict[str, str] = {}


def history(conn: sqlite3.Connection, participant: str, opened=None) -> list[dict]:
    """Every fact of the participant in recording order, with `retracted_by` (the retraction's
    id) and `retracted_at` (its recorded_at), or null. `opened(facts)`: the stored facts (by
    pseudonym, personal fields sealed) as their owner sees them."""
    out = []
    rows = conn.execute(
        f"SELECT fact, retracted_by, retracted_at FROM {TABLE} WHERE participant = ? "
        f"ORDER BY position", (participant,)).fetchall()
    facts = [json.loads(r[0]) for r in rows]
    if opened is not None:
        facts = opened(facts)
    for fact, (_, by, at) in zip(facts, rows):
        item = canonical(fact)
        item["retracted_by"] = by
        item["retracted_at"] = at
        out.append(item)
    return out


def for_participants(conn: sqlite3.Connection,
                     participants: list[str]) -> dict[str, list[tuple[int, dict]]]:
    """Every stored fact of these participants, in recording order: [(position, fact)]
    (used when catching up)."""
    found: dict[str, list[tuple[int, dict]]] = {}
    for i in range(0, len(participants), 500):
        chunk = participants[i:i + 500]
        for p, position, fact in conn.execute(
                f"SELECT participant, position, fact FROM {TABLE} WHERE participant IN "
                f"({', '.join('?' * len(chunk))}) ORDER BY position", chunk):
            found.setdefault(p, []).append((position, json.loads(fact)))
    return found
