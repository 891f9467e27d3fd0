"""Stores and read-model files know who they are; nysjanse writes only its own files.

Files of other programs (an SQLite file with other tables, a file that is not SQLite) are
refused before a byte is written: same bytes, same mtime, no journal or log left beside them.
"""
from __future__ import annotations

import json
import os
import sqlite3

import pytest
from click.testing import CliRunner

from cli import cli
from store import identity
from store.application import Programme, mask
from store.transfer import import_lines
from tests.conftest import fact, intake, open_db

INTAKE = ["intake", "p9", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-01-01", "--assistance-since",
          "2007-01-01", "--date", "2008-03-01"]


def run(*args: str, env: dict | None = None):
    """`nysjanse --db DB COMMAND ...` in this process (the store given through the
    environment, which the runner restores)."""
    assert args[0] == "--db"
    result = CliRunner().invoke(cli, list(args[2:]), env={
        "NYSJANSE_DB": str(args[1]), "NYSJANSE_USER": "kari", "NYSJANSE_VIEWS": None,
        **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def snapshot(path) -> tuple:
    """A file's bytes and mtime, and the side files beside it."""
    path = str(path)
    folder = os.path.dirname(path)
    side = sorted(n for n in os.listdir(folder) if n.startswith(os.path.basename(path) + "-"))
    with open(path, "rb") as f:
        return f.read(), os.stat(path).st_mtime_ns, side


def foreign(path, wal: bool = False) -> None:
    """Another program's SQLite file: a table of its own, one precious row."""
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = wal")
    conn.execute("CREATE TABLE facts (note TEXT)")  # a name the read models use too
    conn.execute("INSERT INTO facts VALUES ('precious')")
    conn.commit()
    conn.close()


def stored(db: str, n: int = 3) -> str:
    app = Programme(db, "kari")
    import_lines(app, [json.dumps(intake(f"p{i}")) for i in range(n)], "kari")
    return app.store_id


# -- identity ------------------------------------------------------------------------------------

def test_a_new_store_has_a_random_id_and_the_mark(tmp_path):
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    first, second = stored(a), stored(b)
    assert len(first) == 32 and int(first, 16) and first != second
    assert Programme(a).store_id == first  # opened again: the same
    conn = open_db(a)
    assert conn.execute("PRAGMA application_id").fetchone() == (identity.STORE_MARK,)
    assert conn.execute("SELECT COUNT(*) FROM nysjanse_store").fetchone() == (1,)


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
@pytest.mark.parametrize("command", [INTAKE, ["import", "EVENTS"], ["stats", "2008"],
                                     ["export"], ["rebuild"], ["show", "p1"]],
                         ids=lambda c: c[0])
def test_another_programs_sqlite_file_is_never_written(tmp_path, command, wal):
    other = tmp_path / "other.db"
    foreign(other, wal)
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(intake("p1")) + "\n", encoding="utf-8")
    before = snapshot(other)
    result = run("--db", str(other), *[str(events) if a == "EVENTS" else a for a in command])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {other} is not a nysjanse store: it holds other tables (facts)"
                             f"{'; nothing was written' if command[0] in ('intake', 'import', 'export') else ''}\n")
    assert snapshot(other) == before
    assert not (tmp_path / "other.views.db").exists()


def test_a_file_that_is_not_a_database_is_refused_by_reads_too(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("hello", encoding="utf-8")
    before = snapshot(notes)
    for command in (["stats", "2008"], ["history", "p1"], ["rebuild"], ["export"]):
        result = run("--db", str(notes), *command)
        assert result.exit_code == 1, command
        assert result.stderr.startswith(f"error: {notes} is not a nysjanse store: it is not an SQLite "
                                        f"database"), result.stderr
    assert snapshot(notes) == before


def test_read_models_and_a_store_are_not_taken_for_each_other(tmp_path):
    db = str(tmp_path / "s.db")
    stored(db)
    assert run("--db", db, "stats", "2008").exit_code == 0
    views = str(tmp_path / "s.views.db")
    result = run("--db", views, *INTAKE)
    assert (result.exit_code, result.stderr) == (
        1, f"error: {views} is not a nysjanse store: it holds nysjanse read models, not a store; "
           f"nothing was written\n")
    before = snapshot(db)
    result = run("--db", db, "rebuild", "--views", db)
    assert (result.exit_code, result.stderr) == (
        1, f"error: refusing to use {db} for the read models: it is a nysjanse store, not read "
           f"models; nothing was written\n")
    assert snapshot(db)[:2] == before[:2]


@pytest.mark.parametrize("command", [["rebuild"], ["stats", "2008"], ["history", "p1"]],
                         ids=lambda c: c[0])
@pytest.mark.parametrize("where", ["explicit", "default"])
def test_another_programs_file_is_never_used_for_read_models(tmp_path, command, where):
    db = str(tmp_path / "s.db")
    stored(db)
    other = tmp_path / ("other.db" if where == "explicit" else "s.views.db")
    foreign(other)
    before = snapshot(other)
    result = run("--db", db, *command, *(["--views", str(other)] if where == "explicit" else []))
    assert (result.exit_code, result.stderr) == (
        1, f"error: refusing to use {other} for the read models: it holds other tables (facts); "
           f"nothing was written\n")
    assert snapshot(other) == before
    assert sqlite3.connect(other).execute("SELECT note FROM facts").fetchall() == [("precious",)]


def test_read_models_of_another_store_named_with_views_are_refused(tmp_path):
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    stored(a, 3)
    stored(b, 5)
    views = str(tmp_path / "shared.views.db")
    assert run("--db", a, "status", "--date", "2008-06-30", "--views", views).exit_code == 0
    before = snapshot(views)
    for command in (["status", "--date", "2008-06-30"], ["rebuild"]):
        result = run("--db", b, *command, "--views", views)
        assert (result.exit_code, result.stderr) == (
            1, f"error: the read models {views} belong to another store; nothing was written (name "
               f"another --views file, or delete this one)\n")
    assert snapshot(views)[:2] == before[:2]
    again = run("--db", a, "status", "--date", "2008-06-30", "--format", "json", "--views", views)
    assert json.loads(again.stdout)["summary"]["active"] == 3


def test_read_models_beside_a_store_made_again_are_rebuilt(tmp_path):
    db = str(tmp_path / "s.db")
    stored(db, 3)
    assert run("--db", db, "stats", "2008").exit_code == 0
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    stored(db, 5)  # a new store of the same name: as many events or more, another id
    status = run("--db", db, "status", "--date", "2008-06-30", "--format", "json")
    assert status.exit_code == 0, status.stderr
    assert json.loads(status.stdout)["summary"]["active"] == 5


def previous_version(db: str) -> None:
    """Turn a store into one the previous version wrote: its tables, no id, no mark."""
    conn = open_db(db)
    conn.execute("DROP TABLE nysjanse_store")
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()


def tracked_store(views: str) -> str:
    return open_db(views).execute("SELECT store FROM tracking").fetchone()[0]


def test_a_store_of_the_previous_version_is_adopted_with_the_id_its_reads_used(tmp_path):
    db = str(tmp_path / "old.db")
    stored(db, 3)
    previous_version(db)
    conn = open_db(db)
    first = conn.execute("SELECT state FROM stored_events ORDER BY rowid LIMIT 1").fetchone()[0]
    conn.close()
    derived = identity.legacy_id(first)
    assert run("--db", db, "stats", "2008").exit_code == 0
    assert tracked_store(str(tmp_path / "old.views.db")) == derived
    result = run("--db", db, "plan", "p1", "--measure", "norwegian", "--date", "2008-04-01")
    assert result.exit_code == 0, result.stderr
    assert Programme(db).store_id == derived
    conn = open_db(db)
    assert conn.execute("SELECT id FROM nysjanse_store").fetchall() == [(derived,)]
    assert conn.execute("PRAGMA application_id").fetchone() == (identity.STORE_MARK,)
    conn.close()
    views = str(tmp_path / "old.views.db")
    assert run("--db", db, "history", "p1").exit_code == 0
    assert tracked_store(views) == derived


def test_read_models_of_the_previous_version_are_rebuilt_in_place(tmp_path):
    db = str(tmp_path / "s.db")
    stored(db, 3)
    views = tmp_path / "mine.views.db"
    assert run("--db", db, "stats", "2008", "--views", str(views)).exit_code == 0
    conn = open_db(views)  # as schema 3 left it: an origin, no store, no mark
    conn.execute("ALTER TABLE tracking RENAME COLUMN store TO origin")
    conn.execute("UPDATE tracking SET schema = 3, origin = 'a1b2c3d4-300'")
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    result = run("--db", db, "status", "--date", "2008-06-30", "--format", "json",
                 "--views", str(views))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["active"] == 3
    assert tracked_store(str(views)) == Programme(db).store_id


def test_nothing_is_left_beside_a_refused_file_in_wal_mode(tmp_path):
    other = tmp_path / "other.db"
    foreign(other, wal=True)
    assert sorted(os.listdir(tmp_path)) == ["other.db"]
    run("--db", str(other), "stats", "2008")
    run("--db", str(other), *INTAKE)
    assert sorted(os.listdir(tmp_path)) == ["other.db"]


def test_an_empty_file_is_a_new_store(tmp_path):
    db = tmp_path / "touched.db"
    db.write_bytes(b"")
    result = run("--db", str(db), *INTAKE)
    assert result.exit_code == 0, result.stderr
    assert len(Programme(str(db)).store_id) == 32


def test_a_postgresql_store_has_an_id_and_its_read_models_record_it(pg_url, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    store_id = stored(pg_url, 2)
    assert len(store_id) == 32 and Programme(pg_url).store_id == store_id
    result = run("--db", pg_url, "status", "--date", "2008-06-30", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["active"] == 2
    from projections.store import views_path
    assert tracked_store(views_path(pg_url)) == store_id


def test_a_postgresql_database_of_another_program_is_refused(pg_url):
    import psycopg
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (note text)")
    for command in (INTAKE, ["export"]):
        result = run("--db", pg_url, *command)
        assert (result.exit_code, result.stderr) == (
            1, f"error: {mask(pg_url)} is not a nysjanse store: it holds other tables (notes); nothing "
               f"was written\n")
    with psycopg.connect(pg_url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
    assert tables == ["notes"]


def test_a_postgresql_store_of_the_previous_version_is_adopted(pg_url):
    import psycopg
    stored(pg_url, 2)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE nysjanse_store")
        first = conn.execute("SELECT state FROM nysjanse_events ORDER BY notification_id "
                             "LIMIT 1").fetchone()[0]
    assert Programme(pg_url).store_id == identity.legacy_id(first)
    result = run("--db", pg_url, "export")  # opened again: already adopted, nothing to do
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


READS = [["stats", "2008"], ["status"], ["caseload"], ["show", "p1"], ["history", "p1"],
         ["export"], ["verify"], ["explain", "2008", "participants"],
         ["changes", "2008", "--from", "2009-01-01"], ["access-log"], ["rebuild"],
         ["retract", "e1", "--reason", "x"], ["erase", "p1", "--reason", "x"]]


def test_a_command_that_needs_a_store_makes_none_in_an_empty_postgresql_database(
        pg_url, tmp_path, monkeypatch):
    """`stats` on an empty database made nysjanse's six tables in it (a read that wrote) and
    answered with an empty year, where a missing SQLite file says there is no store."""
    import psycopg
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for command in READS:
        result = run("--db", pg_url, *command)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1, "", f"error: no store at {mask(pg_url)}: import or record events first\n"), command
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema()").fetchall() == []
    made = run("--db", pg_url, *INTAKE)  # a write makes the store, as before
    assert made.exit_code == 0, made.stderr
    assert run("--db", pg_url, "stats", "2008").exit_code == 0
