"""Stores holding text that input refuses, as stores written before input refused it may.

The facts are recorded through the write side with ASCII placeholders in their free text;
then each placeholder is replaced in the stored events themselves, past every check input
makes (whatever those checks become). The read models are built afterwards, from the events,
as for any older store.
"""
from __future__ import annotations

import json

# Every kind of character `domain.unsafe` names, between ordinary letters: escape (a terminal
# title sequence ended by a bell), a right-to-left override, C1 next-line, an isolate, DEL, a
# right-to-left mark, and a line separator.
HOSTILE = "A\x1b]0;owned\x07B\u202eC\x85D\u2066E\x7fF\u200fG\u2028H"
# ... and as every output shows it
SHOWN = "A\\u001b]0;owned\\u0007B\\u202eC\\u0085D\\u2066E\\u007fF\\u200fG\\u2028H"


def craft(db: str, facts: list[dict], texts: dict[str, str], user: str = "kari") -> None:
    """Record `facts` into a new SQLite store `db`, then put texts[placeholder] wherever a
    placeholder was recorded. Placeholders: ASCII letters, found nowhere else."""
    from store.application import Programme
    app = Programme(db, user)
    for fact in facts:
        app.record(dict(fact))
    from tests.conftest import open_db
    conn = open_db(db)
    try:
        with conn:
            for rowid, state in conn.execute("SELECT rowid, state FROM stored_events").fetchall():
                new = _resealed(app, bytes(state), texts)
                for placeholder, text in texts.items():
                    # the text as a JSON string's inside: the stored state is JSON
                    new = new.replace(placeholder.encode(), json.dumps(text)[1:-1].encode())
                if new != state:
                    conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                                 (new, rowid))
    finally:
        conn.close()


def _resealed(app, state: bytes, texts: dict[str, str]) -> bytes:
    """A stored state whose sealed personal fields (encrypted under the participant's key)
    hold the texts instead of the placeholders, sealed again with the same key."""
    obj = json.loads(state)
    fact = obj.get("fact")
    if not isinstance(fact, dict) or "sealed" not in fact:
        return state
    entry = app.entries([fact["participant"]])[fact["participant"]]
    opened = app.keyring.open(fact, entry)
    for key, value in opened.items():
        if isinstance(value, str) and key != "participant":
            for placeholder, text in texts.items():
                value = value.replace(placeholder, text)
            opened[key] = value
    obj["fact"] = app.keyring.seal(opened, entry)
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def raw_unsafe(text: str, layout: str = "\n") -> list[str]:
    """The unsafe characters in output, except its own line breaks."""
    from domain.unsafe import UNSAFE
    return [c for c in UNSAFE.findall(text) if c not in layout]
