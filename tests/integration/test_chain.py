"""The log's hash chain (store.chain), on both stores: written with every record, and `verify`
finds each way of altering the log behind nysjanse's back at the position where it happened.

The tampering is done directly in the database, as an attacker with the database but not the
master key would: SQLite through a connection opened the way the store is opened
(`raw_store`), PostgreSQL with SQL.
"""
from __future__ import annotations

import hashlib
import json
import os

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import chain, keys, sqlcipher
from store.application import Programme, StoreError
from store.transfer import import_lines
from tests.conftest import SAMPLE, fact, intake

SAMPLE_LINES = SAMPLE.read_text(encoding="utf-8").splitlines()[:40]


# -- the database, as an attacker reaches it ----------------------------------------------

class Raw:
    """SQL on a store's own tables, with the table and column names of each kind of store."""

    def __init__(self, db: str, key: keys.MasterKey):
        self.pg = "://" in db
        if self.pg:
            self.conn = psycopg.connect(db, autocommit=True)
            self.events, self.pos = "nysjanse_events", "notification_id"
        else:
            self.conn = raw_store(db, key)
            self.events, self.pos = "stored_events", "rowid"

    def q(self, sql: str, *params):
        sql = sql.format(events=self.events, pos=self.pos, chain="nysjanse_chain")
        if self.pg:
            cursor = self.conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []
        rows = self.conn.execute(sql, params).fetchall()
        self.conn.commit()
        return rows

    def positions(self) -> list[int]:
        return [r[0] for r in self.q("SELECT {pos} FROM {events} ORDER BY {pos}")]

    def state(self, position: int) -> bytes:
        return bytes(self.q("SELECT state FROM {events} WHERE {pos} = ?", position)[0][0])

    def set_state(self, position: int, state: bytes) -> None:
        self.q("UPDATE {events} SET state = ? WHERE {pos} = ?", state, position)

    def move(self, source: int, target: int) -> None:
        self.q("UPDATE {events} SET {pos} = ? WHERE {pos} = ?", target, source)

    def record_fields(self, position: int) -> tuple:
        """The record's values as store.chain reads them (what an attacker can compute too)."""
        row = self.q("SELECT originator_id, originator_version, topic, state FROM {events} "
                     "WHERE {pos} = ?", position)[0]
        return tuple(chain.field(v) for v in row)

    def close(self) -> None:
        self.conn.close()


def raw_store(db: str, key: keys.MasterKey):
    """The SQLite store opened as the store opens it: SQLCipher, with the master key."""
    return sqlcipher.connect(db, key)


@pytest.fixture
def key(tmp_path) -> keys.MasterKey:
    return keys.write_new(tmp_path / "master.key")


@pytest.fixture
def filled(any_store, key):
    """A store with a history written both ways (bulk import and one record at a time)."""
    app = Programme(any_store, "kari", key)
    import_lines(app, SAMPLE_LINES, "kari")
    app.record(intake("late1", "2008-05-01"))
    app.record(fact("plan", "late1", "2008-05-02", measures=["norwegian"]))
    raw = Raw(any_store, key)
    yield app, raw
    raw.close()
    app.close()


def broken(verdict: chain.Verdict) -> tuple:
    return verdict.ok, verdict.position, verdict.problem


def test_an_untouched_log_verifies_with_its_head(filled):
    app, raw = filled
    positions = raw.positions()
    verdict = app.verify()
    assert (verdict.ok, verdict.position, verdict.events) == (True, positions[-1], len(positions))
    assert verdict.digest == app.chain_digest(positions[-1])
    assert verdict.as_json() == {"ok": True, "position": positions[-1],
                                 "digest": verdict.digest.hex()}
    # every record has its entry, and the head is where the last one's chain says
    entries = raw.q("SELECT position FROM {chain} ORDER BY position")
    assert [r[0] for r in entries] == positions


def test_a_changed_byte_is_found_at_its_record(filled):
    app, raw = filled
    target = raw.positions()[7]
    state = bytearray(raw.state(target))
    state[len(state) // 2] ^= 0x01  # one bit of one byte
    raw.set_state(target, bytes(state))
    assert broken(app.verify()) == (False, target, chain.ALTERED)


def test_a_deleted_record_is_found_where_it_was(filled):
    app, raw = filled
    target = raw.positions()[11]
    raw.q("DELETE FROM {events} WHERE {pos} = ?", target)
    assert broken(app.verify()) == (False, target, chain.REMOVED)


def test_a_deleted_record_and_its_entry_break_the_next_record(filled):
    app, raw = filled
    positions = raw.positions()
    raw.q("DELETE FROM {events} WHERE {pos} = ?", positions[11])
    raw.q("DELETE FROM {chain} WHERE position = ?", positions[11])
    assert broken(app.verify()) == (False, positions[12], chain.ALTERED)


def test_two_swapped_records_are_found_at_the_first(filled):
    app, raw = filled
    positions = raw.positions()
    first, second = positions[5], positions[9]
    raw.move(first, -1)
    raw.move(second, first)
    raw.move(-1, second)
    assert broken(app.verify()) == (False, first, chain.ALTERED)


def test_an_inserted_record_is_found_at_its_position(filled):
    app, raw = filled
    last = raw.positions()[-1]
    oid, version, topic, state = raw.q(
        "SELECT originator_id, originator_version, topic, state FROM {events} WHERE {pos} = ?",
        last)[0]
    raw.q("INSERT INTO {events} (originator_id, originator_version, topic, state) "
          "VALUES (?, ?, ?, ?)", oid, version + 1, topic, state)
    added = raw.positions()[-1]
    assert added > last
    assert broken(app.verify()) == (False, added, chain.ADDED)


def test_a_record_slipped_in_before_the_first_is_found(filled):
    app, raw = filled
    oid, version, topic, state = raw.q(
        "SELECT originator_id, originator_version, topic, state FROM {events} WHERE {pos} = ?",
        raw.positions()[0])[0]
    raw.q("INSERT INTO {events} (originator_id, originator_version, topic, state, {pos}) "
          "VALUES (?, ?, ?, ?, ?)", oid, version + 50, topic, state, -5)
    assert broken(app.verify()) == (False, -5, chain.ADDED)


def _rechain(raw: Raw, start: int, digest_of) -> None:
    """What an attacker without the key does after changing a record: compute new digests
    from there on, by some function of the previous digest and the record."""
    positions = [p for p in raw.positions() if p >= start]
    before = raw.q("SELECT digest FROM {chain} WHERE position < ? ORDER BY position DESC LIMIT 1",
                   start)
    previous = bytes(before[0][0]) if before else chain.GENESIS
    for position in positions:
        previous = digest_of(previous, position, raw.record_fields(position))
        raw.q("UPDATE {chain} SET digest = ? WHERE position = ?", previous, position)


def _plain_sha256(previous: bytes, position: int, fields) -> bytes:
    parts = [chain.VERSION, previous, position.to_bytes(8, "big", signed=True)]
    for kind, data in fields:
        parts += (chain.TAGS[kind], len(data).to_bytes(8, "big"), data)
    return hashlib.sha256(b"".join(parts)).digest()


@pytest.mark.parametrize("attacker", ["plain sha-256", "another key"])
def test_digests_recomputed_without_the_key_are_found(filled, attacker):
    app, raw = filled
    target = raw.positions()[20]
    state = raw.state(target)
    raw.set_state(target, state[:-2] + b" " + state[-2:])  # one more byte
    if attacker == "plain sha-256":
        _rechain(raw, target, _plain_sha256)
    else:
        other = bytes(32)
        _rechain(raw, target, lambda prev, pos, fields: chain.link(other, prev, pos, fields))
    assert broken(app.verify()) == (False, target, chain.ALTERED)


def test_the_head_given_catches_records_cut_off_the_end(filled):
    app, raw = filled
    head = app.verify()
    published = (head.position, head.digest.hex())
    assert app.verify(published).ok
    assert app.verify((head.position, head.digest.hex()[:chain.SHORT])).ok
    cut = raw.positions()[-3:]
    for position in cut:
        raw.q("DELETE FROM {events} WHERE {pos} = ?", position)
        raw.q("DELETE FROM {chain} WHERE position = ?", position)
    shorter = app.verify()
    assert (shorter.ok, shorter.position) == (True, raw.positions()[-1])  # a chain cannot see it
    assert broken(app.verify(published)) == (
        False, head.position,
        f"the log ends at position {raw.positions()[-1]}, before the head given: records were "
        f"cut off its end")


def test_the_head_given_must_be_the_record_there(filled):
    app, raw = filled
    positions = raw.positions()
    middle = positions[10]
    digest = app.chain_digest(middle).hex()
    assert app.verify((middle, digest)).ok
    wrong = ("0" if digest[0] != "0" else "1") + digest[1:]
    assert broken(app.verify((middle, wrong))) == (
        False, middle, f"the record there is not the head given (its digest begins "
                       f"{digest[:16]})")


def test_a_record_cut_off_the_end_without_its_entry_is_named(filled):
    app, raw = filled
    last = raw.positions()[-1]
    raw.q("DELETE FROM {events} WHERE {pos} = ?", last)
    assert broken(app.verify()) == (False, last, chain.REMOVED)


def test_another_key_does_not_open_the_store(filled, tmp_path):
    """Neither store opens with another key: SQLCipher refuses it to an SQLite file, and a
    PostgreSQL store its key check value (store.identity); so nothing is chained with it."""
    app, raw = filled
    other_key = keys.write_new(tmp_path / "other.key")
    with pytest.raises(StoreError, match="does not open"):
        Programme(app.db, "kari", other_key)
    assert app.verify().ok


def test_tables_beside_the_log_are_not_chained(filled):
    """The chain covers the event records only: the event-id index (and, alike, a keyring
    entry an erasure deletes) can change without breaking it."""
    app, raw = filled
    raw.q("DELETE FROM nysjanse_event_ids")
    assert app.verify().ok


def test_records_written_before_the_chain_are_named(any_store, key):
    """A store written before the chain has records with no chain entry: verify names the
    first, and the next write chains on from there rather than vouching for them."""
    writer = Programme(any_store, "kari", key)
    import_lines(writer, SAMPLE_LINES[:5], "kari")
    writer.close()
    first = Raw(any_store, key)
    first.q("DROP TABLE {chain}")  # as a store of the previous version has none
    app = Programme(any_store, "kari", key)  # this version opening it
    try:
        positions = first.positions()
        assert broken(app.verify()) == (False, positions[0], chain.ADDED)
        app.record(intake("late1", "2008-05-01"))
        chained = [r[0] for r in first.q("SELECT position FROM {chain} ORDER BY position")]
        assert chained and min(chained) > positions[-1]
        assert broken(app.verify()) == (False, positions[0], chain.ADDED)
    finally:
        first.close()
        app.close()


def test_export_and_import_chain_a_store_written_before_the_chain(any_store, key, tmp_path):
    """The migration of an old store is export + import into a new one: the import path
    writes the chain, so the new store verifies whole."""
    from store.transfer import export_lines
    old = Programme(str(tmp_path / "old.db"), "kari", key)
    import_lines(old, SAMPLE_LINES, "kari")
    raw = Raw(old.db, key)
    raw.q("DROP TABLE {chain}")
    raw.close()
    assert not old.verify().ok
    new = Programme(any_store, "kari", key)
    import_lines(new, list(export_lines(old)), "kari")
    verdict = new.verify()
    assert verdict.ok and verdict.position == new.max_position() and verdict.events > len(SAMPLE_LINES)
    old.close()
    new.close()


def test_an_empty_store_verifies_with_the_genesis_head(any_store, key):
    app = Programme(any_store, "kari", key)
    verdict = app.verify()
    assert verdict.as_json() == {"ok": True, "position": 0, "digest": "0" * 64}
    assert verdict.events == 0
    assert app.verify((0, "0" * 64)).ok
    assert broken(app.verify((3, "0" * 64))) == (
        False, 3, "the log ends at position 0, before the head given: records were cut off its "
                  "end")
    app.close()


def test_a_write_after_the_last_record_was_cut_is_refused(store, key):
    """SQLite gives a deleted last row's position to the next record: writing there would
    take the position of a chain entry already made, so nothing is written."""
    app = Programme(store, "kari", key)
    app.record(intake("p1", "2008-03-01"))
    raw = Raw(store, key)
    last = raw.positions()[-1]
    raw.q("DELETE FROM {events} WHERE {pos} = ?", last)
    with pytest.raises(StoreError, match="its log ends before its hash chain"):
        app.record(fact("plan", "p1", "2008-03-02", measures=["norwegian"]))
    assert raw.positions()[-1] == last - 1
    raw.close()
    app.close()


def test_the_chain_is_the_same_on_both_stores_for_the_same_records():
    """One definition: a record's digest depends on its bytes and position, not on the store."""
    key = bytes(range(32))
    oid = "0" * 31 + "1"
    sqlite_like = (("text", oid.encode()), ("integer", b"1"), ("text", b"t"), ("blob", b"{}"))
    import uuid
    pg_like = tuple(chain.field(v) for v in (uuid.UUID(oid), 1, "t", b"{}"))
    assert pg_like == sqlite_like
    assert chain.link(key, chain.GENESIS, 1, pg_like) == chain.link(key, chain.GENESIS, 1,
                                                                    sqlite_like)
    # a value's type is part of what is chained: text "1" is not the integer 1
    assert chain.link(key, chain.GENESIS, 1, (("text", b"1"),)) != chain.link(
        key, chain.GENESIS, 1, (("integer", b"1"),))


@pytest.mark.parametrize("text, head", [
    ("12:" + "ab" * 32, (12, "ab" * 32)), ("0:" + "0" * 16, (0, "0" * 16)),
    (" 7:ABCDEF0123456789 ", (7, "abcdef0123456789")),
    ("12", None), ("12:", None), (":" + "a" * 64, None), ("-1:" + "a" * 64, None),
    ("12:" + "a" * 63, None), ("12:" + "a" * 17, None), ("12:" + "g" * 16, None),
    ("1" * 19 + ":" + "a" * 16, None), ("１２:" + "a" * 16, None), ("12:" + "a" * 64 + "\n", (12, "a" * 64)),
])
def test_a_head_is_position_colon_digest(text, head):
    assert chain.parse_head(text) == head


def test_the_verdict_json_is_the_contracts():
    assert json.dumps(chain.Verdict(False, 5, problem=chain.REMOVED).as_json()) == (
        '{"ok": false, "position": 5, "problem": "the record was removed (its chain entry is '
        'still there)"}')


# -- any single byte, anywhere ------------------------------------------------------------------

COLUMNS = ("originator_id", "originator_version", "topic", "state")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def one_store(request, tmp_path_factory):
    """One filled store per kind for every example (each puts back what it changed)."""
    folder = tmp_path_factory.mktemp("tamper")
    key = keys.write_new(folder / "master.key")
    admin = None
    if request.param == "sqlite":
        db = str(folder / "store.db")
    else:
        import uuid

        from tests.conftest import on_database
        server = request.getfixturevalue("pg_server")
        name = f"nysjanse_test_{uuid.uuid4().hex[:12]}"
        admin = psycopg.connect(on_database(server, "postgres"), autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        db = on_database(server, name)
    app = Programme(db, "kari", key)
    import_lines(app, SAMPLE_LINES, "kari")
    app.record(intake("late1", "2008-05-01"))
    raw = Raw(db, key)
    yield app, raw, raw.positions()
    raw.close()
    app.close()
    if admin is not None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _stored(raw: Raw, position: int, column: str):
    if raw.pg:
        value = raw.q(f"SELECT {column} FROM {{events}} WHERE {{pos}} = ?", position)[0][0]
        return value.hex if column == "originator_id" else value
    # SQLite: text as its stored bytes (a changed byte need not leave valid UTF-8)
    read = column if column == "originator_version" else f"CAST({column} AS BLOB)"
    return raw.q(f"SELECT {read} FROM {{events}} WHERE {{pos}} = ?", position)[0][0]


def _put(raw: Raw, position: int, column: str, value) -> None:
    # SQLite: text goes back as text (bytes cast), so only the bytes differ, not the type
    cast = "CAST(? AS TEXT)" if not raw.pg and column in ("originator_id", "topic") else "?"
    raw.q(f"UPDATE {{events}} SET {column} = {cast} WHERE {{pos}} = ?", value, position)


def _changed(data, raw: Raw, column: str, value):
    """The value with one byte (one bit of the version) changed, still storable."""
    if column == "originator_version":
        return value ^ (1 << data.draw(st.integers(10, 40), label="bit"))
    text = value.encode() if isinstance(value, str) else bytes(value)
    at = data.draw(st.integers(0, len(text) - 1), label="offset")
    if raw.pg and column == "originator_id":  # a uuid: another hex digit
        byte = ord(data.draw(st.sampled_from([c for c in "0123456789abcdef" if ord(c) != text[at]])))
    elif raw.pg and column == "topic":  # PostgreSQL text: valid UTF-8, no NUL
        byte = data.draw(st.integers(1, 127).filter(lambda b: b != text[at]), label="byte")
    else:
        byte = data.draw(st.integers(0, 255).filter(lambda b: b != text[at]), label="byte")
    changed = text[:at] + bytes([byte]) + text[at + 1:]
    return changed.decode() if isinstance(value, str) else changed


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_byte_changed_is_found_at_its_record(one_store, data):
    app, raw, positions = one_store
    position = data.draw(st.sampled_from(positions), label="position")
    column = data.draw(st.sampled_from(COLUMNS), label="column")
    original = _stored(raw, position, column)
    _put(raw, position, column, _changed(data, raw, column, original))
    try:
        assert broken(app.verify()) == (False, position, chain.ALTERED)
    finally:
        _put(raw, position, column, original)
    assert app.verify().ok


def test_the_head_of_current_read_models_is_read_lightly(tmp_path, key):
    """The read models record the head as they catch up: a read on current ones states it
    without the event library, the write side or the chain's recomputation."""
    import subprocess
    import sys

    from projections import queries
    db = str(tmp_path / "store.db")
    app = Programme(db, "kari", key)
    import_lines(app, SAMPLE_LINES, "kari")
    head = app.verify()
    queries.stats_with_head(db, 2008, key=key)  # caught up
    code = ("import sys, json; from projections import queries; "
            "now = queries.stats_with_head(sys.argv[1], 2008)[1]; "
            "then = queries.stats_with_head(sys.argv[1], 2008, '2005-07-01T00:00:00+02:00')[1]; "
            "print(json.dumps([now, then, sorted(m for m in ('eventsourcing', 'store.application', "
            "'store.chain', 'sqlite_utils', 'projections.updater') if m in sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code, db], capture_output=True, text=True,
                         check=True, env={**os.environ, "NYSJANSE_KEY_FILE": key.path})
    now, then, loaded = json.loads(out.stdout)
    assert now == {"position": head.position, "digest": head.digest.hex()}
    assert then["position"] < head.position and then["digest"] == app.chain_digest(
        then["position"]).hex()
    assert loaded == []
    app.close()
