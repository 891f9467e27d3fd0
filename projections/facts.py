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


def ids(conn: sqlite3.Connection, kind: str) -> list[str]:
    """Every participant, event or counsellor id stored (for shell completion)."""
    sql = {"participant": f"SELECT DISTINCT participant FROM {TABLE} ORDER BY 1",
           "event": f"SELECT id FROM {TABLE} ORDER BY position",
           "counsellor": f"SELECT DISTINCT json_extract(fact, '$.counsellor') FROM {TABLE} "
                         f"WHERE type IN ('intake', 'counsellor_change') ORDER BY 1"}[kind]
    return [r[0] for r in conn.execute(sql)]


def counsellor_known(conn: sqlite3.Connection, counsellor: str,
                     known_utc: str | None = None) -> bool:
    """Whether an intake or a counsellor change known by then names the counsellor."""
    sql = (f"SELECT 1 FROM {TABLE} WHERE type IN ('intake', 'counsellor_change') "
           f"AND json_extract(fact, '$.counsellor') = ?")
    params: list = [counsellor]
    if known_utc is not None:
        sql += " AND recorded_utc <= ?"
        params.append(known_utc)
    return conn.execute(sql + " LIMIT 1", params).fetchone() is not None


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


def history(conn: sqlite3.Connection, participant: str, known_utc: str | None = None,
            opened=None) -> list[dict]:
    """Every fact of the participant in recording order, with `retracted_by` (the retraction's
    id) and `retracted_at` (its recorded_at), or null. At a knowledge time: the record as it
    stood then, without the facts recorded later, and a retraction recorded later not applied.
    `opened(facts)`: the stored facts (by pseudonym, personal fields sealed) as their owner
    sees them."""
    sql = (f"SELECT fact, retracted_by, retracted_at, retracted_utc FROM {TABLE} "
           f"WHERE participant = ?")
    params: list = [participant]
    if known_utc is not None:
        sql += " AND recorded_utc <= ?"
        params.append(known_utc)
    rows = conn.execute(sql + " ORDER BY position", params).fetchall()
    facts = [json.loads(r[0]) for r in rows]
    if opened is not None:
        facts = opened(facts)
    out = []
    for fact, (_, by, at, when) in zip(facts, rows):
        if known_utc is not None and when is not None and when > known_utc:
            by = at = None
        item = canonical(fact)
        item["retracted_by"] = by
        item["retracted_at"] = at
        out.append(item)
    return out


def touched(conn: sqlite3.Connection, participants: list[str], since: str,
            until: str | None) -> list[tuple]:
    """The facts of these participants recorded or retracted after `since` and by `until`
    (None: no end): (position, participant, id, type, recorded_utc, retracted_by,
    retracted_utc), in recording order. A retraction in the window is recorded in it, so
    it is among them too."""
    found = []
    end = "" if until is None else " AND {0} <= ?"
    window = (f"(recorded_utc > ?{end.format('recorded_utc')}) OR "
              f"(retracted_utc > ?{end.format('retracted_utc')})")
    bounds = (since,) if until is None else (since, until)
    for i in range(0, len(participants), 500):
        chunk = participants[i:i + 500]
        found += conn.execute(
            f"SELECT position, participant, id, type, recorded_utc, retracted_by, retracted_utc "
            f"FROM {TABLE} WHERE participant IN ({', '.join('?' * len(chunk))}) AND ({window})",
            (*chunk, *bounds, *bounds)).fetchall()
    return sorted(found)


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
