"""The adapter's bets on eventsourcing's internals (store/adapter.py, its numbered list),
checked against the library installed: an upgrade that breaks one fails the test named after it,
with a message that says which assumption and where it is used.

The stored format the read side reads (assumption 6) is checked in
tests/integration/test_eventsourcing_contract.py.
"""
from __future__ import annotations

import inspect
import json
import pathlib
import re
import subprocess
import sys
import tomllib
from datetime import datetime, timezone

import pytest
from eventsourcing.persistence import IntegrityError
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore, SQLiteTransaction
from eventsourcing.utils import resolve_topic

from domain.aggregates import participation_id
from store import adapter, sqlcipher
from store.application import Programme, counsellor_events, opened_event, recorded_event
from tests.conftest import fact, intake, open_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
AWKWARD = 'quote " backslash \\ "fact": {} æøå \u2028 \u00e9\U0001F600 \x01 end'
WHEN = datetime(2008, 3, 1, 12, 30, tzinfo=timezone.utc)


def test_the_installed_eventsourcing_is_a_supported_version():
    installed = adapter.installed_version()
    low, high = adapter.SUPPORTED
    assert adapter.supported(installed), (
        f"eventsourcing {installed} is installed; store/adapter.py supports "
        f">={'.'.join(map(str, low))},<{'.'.join(map(str, high))}. Check every assumption in "
        "its docstring against the new version, then widen SUPPORTED and pyproject's pin.")


def test_the_supported_range_is_the_one_pyproject_pins():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pin = next(d for d in deps if d.startswith("eventsourcing"))
    low, high = adapter.SUPPORTED
    assert pin.split("]")[-1] == f">={'.'.join(map(str, low))},<{'.'.join(map(str, high))}", (
        f"pyproject pins {pin!r}, store/adapter.py's SUPPORTED is {adapter.SUPPORTED}")


@pytest.mark.parametrize("text, ok", [("9.5.6", True), ("9.5.10", True), ("9.5.5", False),
                                      ("9.6.0", False), ("9.6.0rc1", False), ("9.6", False),
                                      ("10.0.0", False), ("9.4.9", False)])
def test_supported_reads_versions_as_numbers(text, ok):
    assert adapter.supported(text) is ok


def parameters(cls, name) -> list[tuple[str, object]]:
    method = getattr(cls, name, None)
    assert method is not None, (
        f"{cls.__name__}.{name} is gone: store/adapter.py overrides or calls it (assumption 1)")
    return [(p.name, p.kind) for p in inspect.signature(method).parameters.values()]


@pytest.mark.parametrize("cls, name", [(SQLiteApplicationRecorder, "_insert_events"),
                                       (PostgresApplicationRecorder, "_insert_events"),
                                       (PostgresApplicationRecorder, "_insert_stored_events")])
def test_the_protected_methods_overridden_keep_their_signature(cls, name):
    found = parameters(cls, name)
    positional = [n for n, kind in found if kind == inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert len(positional) == 3 and positional[0] == "self" and positional[2] == "stored_events", (
        f"{cls.__name__}.{name}{[n for n, _ in found]}: store/adapter.py expects "
        "(self, cursor, stored_events, **kwargs) (assumption 1)")
    assert found[-1][1] == inspect.Parameter.VAR_KEYWORD, (
        f"{cls.__name__}.{name} no longer takes **kwargs: Application.save's event_ids cannot "
        "reach the recorder (assumption 1)")


def test_the_library_calls_insert_events_within_its_insert_transaction():
    for cls in (SQLiteApplicationRecorder, PostgresApplicationRecorder):
        source = inspect.getsource(cls.insert_events)
        assert "self._insert_events(" in source, (
            f"{cls.__name__}.insert_events no longer calls _insert_events: the event-id index "
            "would not be written with the events (assumption 1)")


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_event_id_index_is_written_in_the_events_transaction(kind, request, tmp_path):
    """A save that loses a race writes neither its events nor its ids; one that wins, both."""
    db = str(tmp_path / "store.db") if kind == "sqlite" else request.getfixturevalue("pg_url")
    app = Programme(db, "kari")
    app.record(intake("p1", "2008-03-01"))
    entry = app.entry("p1")
    first, second = app.participation(entry), app.participation(entry)
    first.record(fact=fact("plan", "p1", "2008-03-10", id="won"))
    app.save(first, event_ids=[("won", "p1")])
    second.record(fact=fact("plan", "p1", "2008-03-11", id="lost"))
    with pytest.raises(IntegrityError):
        app.save(second, event_ids=[("lost", "p1")])
    assert app.recorder.participant_of("won") == "p1"
    assert app.recorder.participant_of("lost") is None, (
        "an event id was written although its events were not: _insert_events no longer runs "
        "in the events' transaction (assumption 1)")
    app.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_an_erasure_destroys_the_key_in_the_events_transaction(kind, request, tmp_path):
    """The keyring change an erasure makes (`erase=`, through Application.save's keyword
    arguments to _insert_events) commits with its event or not at all: a second erasure of the
    same key finds it gone, raises IntegrityError, and stores no event (assumption 1; on
    PostgreSQL the library's cursor gives no rowcount, so the row is counted by RETURNING)."""
    db = str(tmp_path / "store.db") if kind == "sqlite" else request.getfixturevalue("pg_url")
    app = Programme(db, "kari")
    app.record(intake("p1", "2008-03-01"))
    entry = app.entry("p1")
    app.erase("p1", "asked")
    assert app.entry("p1").erased
    top = app.max_position()
    stale = app.participation(entry)  # current: only the key's absence can refuse this save
    again = fact("erasure", "p1", "2008-03-10", id="again", reason="x",
                 recorded_at="2008-03-10T10:00:00Z", recorded_by="kari")
    stale.record(fact=app.keyring.seal(again, entry))
    with pytest.raises(IntegrityError):
        app.save(stale, event_ids=[("again", entry.pseudonym)],
                 erase=(entry.pseudonym, *app.keyring.forget(entry, again)))
    assert app.max_position() == top and app.recorder.participant_of("again") is None
    app.close()


def test_the_sqlite_recorder_internals_read_are_there(store):
    app = Programme(store, "kari")
    recorder = app.recorder
    assert recorder.events_table_name == "stored_events"
    assert re.fullmatch(r"INSERT INTO stored_events VALUES \(\?, ?\?, ?\?, ?\?\)",
                        recorder.insert_events_statement), (
        f"the insert statement is now {recorder.insert_events_statement!r}; insert_within "
        "passes (originator_id hex, originator_version, topic, state) (assumption 2)")
    assert any(s.startswith("CREATE TABLE IF NOT EXISTS stored_events (originator_id TEXT, "
                            "originator_version INTEGER, topic TEXT, state BLOB")
               for s in recorder.create_table_statements), "assumption 2"
    assert adapter.SQLiteProgrammeRecorder.construct_create_table_statements


def test_the_postgres_recorder_internals_read_are_there(pg_url):
    app = Programme(pg_url, "kari")
    recorder = app.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    assert isinstance(recorder.sql_create_statements, list), "assumption 2"
    assert recorder.datastore.schema and recorder.events_table_name == "nysjanse_events"
    app.close()


def test_a_sqlite_transaction_is_begun_by_enter_and_given_a_connection():
    names = [p.name for p in inspect.signature(SQLiteTransaction.__init__).parameters.values()]
    assert names[:2] == ["self", "connection"] and "commit" in names, (
        f"SQLiteTransaction{names}: store/adapter.py's _Keyed expects (connection, commit=) "
        "(assumption 3)")
    for method in (SQLiteDatastore.get_connection, SQLiteDatastore.transaction):
        assert "commit" in inspect.signature(method).parameters, (
            f"SQLiteDatastore.{method.__name__} takes no commit= any more (assumption 3)")


def test_a_write_takes_the_lock_when_it_begins(store):
    """`writing` begins IMMEDIATE: another writer is locked out before anything is written."""
    app = Programme(store, "kari")  # kept: a dropped application closes its connections
    with app.recorder.writing():
        other = open_db(store, timeout=0)
        try:
            with pytest.raises(sqlcipher.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_the_recorder_topics_resolve_to_the_adapters_recorders():
    assert resolve_topic(adapter.SQLITE_RECORDER_TOPIC) is adapter.SQLiteProgrammeRecorder
    pg = resolve_topic(adapter.POSTGRES_RECORDER_TOPIC)
    assert issubclass(pg, PostgresApplicationRecorder) and pg is adapter.PostgresProgrammeRecorder


def test_a_sqlite_store_never_imports_psycopg(tmp_path):
    code = ("import sys; from store.application import Programme; "
            "Programme(sys.argv[1], 'kari').record({'type': 'intake', 'participant': 'p1', "
            "'date': '2008-03-01', 'project': 'Bergen', 'counsellor': 'c7', 'gender': 'F', "
            "'country': 'SO', 'resident_since': '2004-01-01', 'assistance_since': '2007-01-01'}); "
            "print('psycopg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.db")], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


FACTS = [intake("p1", "2008-03-01", note=AWKWARD),
         fact("absence", "p1", "2008-03-10", days=1, valid=False, note=AWKWARD),
         fact("plan", "p1", "2008-03-11", measures=["norwegian", "work"], goal="work"),
         intake("ÆØÅ \"x\" \\", "2008-03-01")]


def record_of(stored) -> tuple:
    """A stored event as the record bulk import writes (store.adapter.StoredEventTemplate)."""
    return (stored.originator_id.hex, stored.originator_version, stored.topic, stored.state)


@pytest.mark.parametrize("participant_fact", FACTS, ids=["intake", "absence", "plan", "odd-id"])
@pytest.mark.parametrize("opened", [True, False], ids=["opened", "recorded"])
def test_the_template_builds_what_the_mapper_builds(store, participant_fact, opened):
    app = Programme(store, "kari")
    records = app.records(WHEN)
    template = records.opened if opened else records.recorded
    assert template.pieces is not None, (
        "the mapper's state no longer holds the fact as one compact JSON piece: every imported "
        "event now takes the slow path (assumption 5)")
    participant = participant_fact["participant"]
    full = {**participant_fact, "id": "e1", "recorded_at": "2008-03-01T10:00:00+01:00",
            "recorded_by": "kari"}
    version = 1 if opened else 5
    event = (opened_event(participant, full, WHEN) if opened
             else recorded_event(participant, version, full, WHEN))
    expected = record_of(app.mapper.to_stored_event(event))
    template.checked = True  # the template's own bytes, not its check's fallback
    built = records.fact(participant, version, full)
    assert built == expected, (
        "the template-built stored event differs from the mapper's (assumption 5):\n"
        f"{built[3]!r}\n{expected[3]!r}")
    assert built[0] == participation_id(participant).hex


@pytest.mark.parametrize("name", ["c7", AWKWARD, "ÆØÅ \"x\" \\"])
@pytest.mark.parametrize("version", [0, 1, 6])
def test_the_assignment_template_builds_what_the_mapper_builds(store, name, version):
    app = Programme(store, "kari")
    records = app.records(WHEN)
    for template in (records.started, records.assigned):
        assert template.pieces is not None, (
            "the mapper's state of a counsellor event no longer holds its texts as JSON "
            "strings: every assignment imported takes the slow path (assumption 5)")
        template.checked = True  # the template's own bytes, not its check's fallback
    expected = [record_of(app.mapper.to_stored_event(e))
                for e in counsellor_events(name, version, "p 1 \u00e6", "2008-03-01", WHEN)]
    built = records.assignment(name, version, "p 1 \u00e6", "2008-03-01")
    assert built == expected, (
        "the template-built counsellor events differ from the mapper's (assumption 5):\n"
        f"{[b[3] for b in built]!r}\n{[e[3] for e in expected]!r}")


def test_a_template_that_differs_from_the_mapper_falls_back_to_it(store):
    """The first record of a kind is checked: a template that is wrong is never used."""
    app = Programme(store, "kari")
    template = app.records(WHEN).recorded
    template.pieces = [b'{"not":"the state"}']
    full = {**FACTS[2], "id": "e1", "recorded_at": "2008-03-01T10:00:00+01:00",
            "recorded_by": "kari"}
    expected = record_of(app.mapper.to_stored_event(recorded_event("p1", 3, full, WHEN)))
    assert template.row("p1", 3, full) == expected
    assert template.pieces is None and template.row("p1", 4, full)[1] == 4


# -- assumption 7: SQLCipher connections in the library's pool ---------------------------------

def test_the_sqlite_factory_makes_a_lazy_pool_that_keyed_replaces(tmp_path):
    from eventsourcing.sqlite import SQLiteConnectionPool, SQLiteFactory
    db = tmp_path / "s.db"
    factory = SQLiteFactory({"SQLITE_DBNAME": str(db), "SQLITE_LOCK_TIMEOUT": "7"})
    pool = factory.datastore.pool
    assert isinstance(pool, SQLiteConnectionPool), "the datastore has no `pool` (assumption 7)"
    assert (pool.db_name, pool.lock_timeout) == (str(db), 7), "assumption 7"
    assert not db.exists(), "the library's pool connected when made: a plain file (assumption 7)"
    assert list(inspect.signature(SQLiteConnectionPool._create_connection).parameters) == [
        "self"], "SQLiteConnectionPool._create_connection changed (assumption 7)"
    from store.keys import find
    keyed = adapter.keyed(factory, find()[0]).datastore.pool
    assert keyed is not pool and (keyed.db_name, keyed.lock_timeout) == (str(db), 7)
    with factory.datastore.transaction(commit=True) as curs:
        curs.execute("CREATE TABLE t (a)")
    assert not sqlcipher.is_plain(str(db)), "the library wrote a plain file (assumption 7)"
    factory.close()


def test_the_application_makes_its_factory_in_construct_factory():
    from eventsourcing.application import Application
    assert "construct_factory" in Application.__init__.__code__.co_names, (
        "Application.__init__ no longer calls construct_factory: Programme's key would not "
        "reach the connections (assumption 7)")


def test_a_duplicate_version_still_reaches_record_as_integrity_error_through_sqlcipher(store):
    """sqlcipher3's IntegrityError is not sqlite3's: without the mapping the library would let
    it through unmapped and Programme.record's conflict handling (a racing writer) would miss
    it."""
    from eventsourcing.persistence import IntegrityError as LibraryIntegrityError
    app = Programme(store, "kari")
    app.record(intake("p1", "2008-03-01"))
    stored = app.mapper.to_stored_event(recorded_event("p1", 2, fact("plan", "p1"), WHEN))
    app.recorder.insert_events([stored])
    with pytest.raises(LibraryIntegrityError) as raised:
        app.recorder.insert_events([stored])  # the library's own insert path, our connection
    assert isinstance(raised.value.__cause__, sqlcipher.IntegrityError), "assumption 7"
    with pytest.raises(LibraryIntegrityError):
        with app.recorder.writing() as curs:
            app.recorder.insert_within(curs, [record_of(stored)], [])
    app.close()


def test_the_library_s_own_reads_run_on_keyed_connections_and_map_their_errors(store):
    from eventsourcing.persistence import OperationalError as LibraryOperationalError
    app = Programme(store, "kari")
    app.record(intake("p1", "2008-03-01"))
    notes = app.recorder.select_notifications(1, 10)  # rows read by column name (Row)
    assert [n.id for n in notes] == list(range(1, len(notes) + 1)) and len(notes) > 1
    # (the aggregate is named by the participant's pseudonym: store.keyring)
    assert participation_id(app.entry("p1").pseudonym) in {n.originator_id for n in notes}
    with app.recorder.datastore.transaction(commit=True) as curs:
        curs.execute("ALTER TABLE stored_events RENAME TO gone")
    with pytest.raises(LibraryOperationalError):
        app.recorder.max_notification_id()
    app.close()


def test_every_sqlcipher_error_class_is_mapped_to_the_library_s():
    from eventsourcing import persistence as es
    for name in ("InterfaceError", "DataError", "OperationalError", "IntegrityError",
                 "InternalError", "ProgrammingError", "NotSupportedError", "DatabaseError"):
        mapped = adapter.library_error(getattr(sqlcipher, name)("x"))
        assert type(mapped) is getattr(es, name), name
    assert type(adapter.library_error(sqlcipher.Error("x"))) is es.PersistenceError
    other = ValueError("not a database error")
    assert adapter.library_error(other) is other


# -- 8. the hash chain, written in the events' transaction ------------------------------------

@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_chain_is_written_in_the_events_transaction(kind, request, tmp_path):
    """A chain entry that cannot be computed writes no event either: the events, their ids and
    their chain entries are one transaction (assumption 8), on every write path."""
    from store import keys
    from store.transfer import import_lines
    db = str(tmp_path / "store.db") if kind == "sqlite" else request.getfixturevalue("pg_url")
    app = Programme(db, "kari", keys.write_new(tmp_path / "master.key"))
    app.recorder.chain_key = "not a key"  # hmac refuses it after the events are inserted
    with pytest.raises(TypeError):
        app.record(intake("p1", "2008-03-01"))
    with pytest.raises(TypeError):
        import_lines(app, [json.dumps(intake("p2", "2008-03-01"))], "kari")
    assert (app.max_position(), app.recorder.count_ids()) == (0, 0), (
        "events were written although their chain entries were not (assumption 8)")
    app.close()


def test_sqlite_insert_events_returns_the_new_rowids_in_order(store):
    from eventsourcing.persistence import StoredEvent
    app = Programme(store, "kari")
    stored = [StoredEvent(originator_id=participation_id(f"p{i}"), originator_version=1,
                          topic="t", state=b"{}") for i in range(3)]
    positions = app.recorder.insert_events(stored)
    from store import keys, sqlcipher
    conn = sqlcipher.connect(store, keys.find()[0])  # the default key Programme opened it with
    rows = conn.execute("SELECT rowid, originator_id FROM stored_events ORDER BY rowid").fetchall()
    conn.close()
    assert positions == [r[0] for r in rows] and [r[1] for r in rows] == [
        s.originator_id.hex for s in stored], (
        "SQLite's _insert_events no longer returns each new rowid in order: the chain would link "
        "the wrong records (assumptions 1 and 8)")


def test_postgres_inserts_leave_the_new_ids_on_the_cursor(pg_url):
    from eventsourcing.persistence import StoredEvent
    app = Programme(pg_url, "kari")
    stored = [StoredEvent(originator_id=participation_id(f"p{i}"), originator_version=1,
                          topic="t", state=b"{}") for i in range(3)]
    with app.recorder.datastore.transaction(commit=True) as curs:
        app.recorder._insert_stored_events(curs, stored)
        returned = [row["notification_id"] for row in curs.fetchall()]
    with app.recorder.datastore.transaction(commit=False) as curs:
        curs.execute("SELECT notification_id, originator_id FROM nysjanse_events "
                     "ORDER BY notification_id")
        rows = curs.fetchall()
    assert sorted(returned) == [r["notification_id"] for r in rows] and len(rows) == 3, (
        "PostgreSQL's _insert_stored_events no longer leaves the new notification ids on the "
        "cursor: the chain cannot find the records it must link (assumptions 1 and 8)")
    app.close()
