"""Erasure deletes the keyring entry (privacy.md): afterwards nothing stored maps the id's
lookup value to the pseudonym, on SQLite and PostgreSQL, and a store written before (the
erased row kept with its lookup, only the key gone) is converted with its next write.

What stays keyed by the id's lookup is a tombstone with no pseudonym: enough for `show P` and
`history P` to say when, by whom and why, and to refuse anything more for P. The pseudonym has
its own keyless entry, as an erased participant arriving by import has.
"""
from __future__ import annotations

import json

from click.testing import CliRunner

from cli import cli
from store import keyring, keys
from tests.conftest import open_db

P = "p-tomb-1"
OTHER = "p-tomb-2"
REASON = "asked to be forgotten"
OLD_TABLE = ("CREATE TABLE nysjanse_keyring (lookup TEXT PRIMARY KEY, "
             "pseudonym TEXT NOT NULL UNIQUE, wrapped BLOB, sealed_id BLOB)")


def runner_for(db: str | None = None):
    invoker = CliRunner()

    def run(*args):
        extra = ["--db", db] if db else []
        return invoker.invoke(cli, [*map(str, args), *extra], catch_exceptions=False)
    return run


def intake(run, who: str, day: str = "2008-02-01"):
    return run("intake", who, "--project", "Bergen", "--counsellor", "c-tomb", "--gender", "F",
               "--country", "SO", "--resident-since", "2003-02-01", "--assistance-since",
               "2006-11-15", "--birth-year", "1969", "--date", day)


def recorded(run) -> None:
    for who in (P, OTHER):
        assert intake(run, who).exit_code == 0
    assert run("plan", P, "--measure", "norwegian", "--goal", "work",
               "--date", "2008-02-10").exit_code == 0


def figures(run) -> list[str]:
    out = []
    for year in (2008, 2009):
        result = run("stats", year, "--format", "json")
        assert result.exit_code == 0, result.output
        out.append(result.stdout)
    return out


def lookup_of(text: str) -> str:
    return keyring.Keyring(keys.find()[0]).lookup(text)


def sqlite_rows(db: str) -> list[tuple]:
    conn = open_db(db)
    try:
        return conn.execute(f"SELECT {keyring.COLUMNS} FROM {keyring.TABLE}").fetchall()
    finally:
        conn.close()


def row_on_a_page(db: str, lookup: str, pseudonym: str) -> bool:
    """Whether a keyring row holding both (SQLite writes a row's text columns one after the
    other) is on any page of the store or its write-ahead log, decrypted: free pages and
    the free space in pages too, which no query reads."""
    import os

    from tests.integration.test_erasure_properties import every_page
    together = (lookup + pseudonym).encode()
    for path in (db, db + "-wal"):
        if os.path.exists(path):
            with open(path, "rb") as f:
                if together in every_page(path, f.read()):
                    return True
    return False


def pg_rows(url: str) -> list[tuple]:
    import psycopg
    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT {keyring.COLUMNS} FROM {keyring.TABLE}").fetchall()


def linked(rows, lookup: str, pseudonym: str) -> list[tuple]:
    """The rows that hold the id's lookup value and the pseudonym together (in any column)."""
    def holds(row, text):
        return any(text.encode() in (v if isinstance(v, bytes) else str(v).encode())
                   for v in row if v is not None)
    return [row for row in rows if holds(row, lookup) and holds(row, pseudonym)]


def erased_as_the_contract_says(run, rows, pseudonym: str, before: list[str]) -> None:
    lookup = lookup_of(P)
    assert linked(rows, lookup, pseudonym) == []
    assert [r[1:3] for r in rows if r[0] == lookup] == [(None, None)]  # the tombstone
    assert [r[1:] for r in rows if r[0] == lookup_of(pseudonym)] == [(pseudonym, None, None)]
    for args in (("show", P, "--date", "2008-12-31"), ("history", P)):
        shown = run(*args)
        assert (shown.exit_code, shown.stdout) == (1, "")
        assert shown.stderr.startswith(f"error: {P} was erased on ")
        assert shown.stderr.endswith(f" by kari: {REASON}\n")
    by_id = intake(run, P, "2009-01-05")
    assert (by_id.exit_code, by_id.stderr) == (
        1, f"refused: {P} was erased; nothing more can be recorded for them\n")
    by_pseudonym = intake(run, pseudonym, "2009-01-05")
    assert (by_pseudonym.exit_code, by_pseudonym.stderr) == (
        1, f"refused: {pseudonym} is the pseudonym of an erased participant; nothing can be "
           f"recorded for them\n")
    again = run("erase", P, "--reason", "again")
    assert (again.exit_code, again.stderr) == (1, f"refused: {P} is already erased\n")
    assert figures(run) == before


def erase(run) -> str:
    erased = run("erase", P, "--reason", REASON)
    assert erased.exit_code == 0, erased.output
    return erased.stdout.split()[-1]


def test_erasure_leaves_no_row_that_leads_from_the_id_to_the_pseudonym(cli_env):
    run = runner_for()
    recorded(run)
    before = figures(run)
    pseudonym = erase(run)
    erased_as_the_contract_says(run, sqlite_rows(cli_env["NYSJANSE_DB"]), pseudonym, before)
    assert not row_on_a_page(cli_env["NYSJANSE_DB"], lookup_of(P), pseudonym)
    assert run("show", OTHER, "--date", "2008-12-31").exit_code == 0  # the others as they were


def test_erasure_on_postgresql_leaves_no_such_row(pg_url, monkeypatch):
    monkeypatch.setenv("NYSJANSE_USER", "kari")
    monkeypatch.delenv("NYSJANSE_VIEWS", raising=False)
    run = runner_for(pg_url)
    recorded(run)
    before = figures(run)
    pseudonym = erase(run)
    erased_as_the_contract_says(run, pg_rows(pg_url), pseudonym, before)


def old_rows(rows, pseudonym: str) -> list[tuple]:
    """The keyring as a store written before tombstones held it after the erasure: the erased
    row kept under the id's lookup, only its key and sealed id gone."""
    lookup = lookup_of(P)
    kept = [r for r in rows if r[0] not in (lookup, lookup_of(pseudonym))]
    return [*kept, (lookup, pseudonym, None, None)]


def test_a_store_written_before_tombstones_is_converted_by_its_next_write(cli_env):
    db = cli_env["NYSJANSE_DB"]
    run = runner_for()
    recorded(run)
    before = figures(run)
    pseudonym = erase(run)
    rows = old_rows(sqlite_rows(db), pseudonym)
    conn = open_db(db)
    with conn:
        conn.execute(f"DROP TABLE {keyring.TABLE}")
        conn.execute(OLD_TABLE)
        conn.executemany(f"INSERT INTO {keyring.TABLE} VALUES (?, ?, ?, ?)", rows)
    conn.close()
    assert linked(sqlite_rows(db), lookup_of(P), pseudonym)  # the old shape, as made
    assert row_on_a_page(db, lookup_of(P), pseudonym)  # (the page check finds it)
    shown = run("show", P, "--date", "2008-12-31")  # a read converts nothing, and still answers
    assert shown.exit_code == 1 and shown.stderr.endswith(f" by kari: {REASON}\n")
    assert linked(sqlite_rows(db), lookup_of(P), pseudonym)
    third = intake(run, "p-tomb-3", "2010-03-01")  # the next write converts (after 2009)
    assert third.exit_code == 0, third.output
    conn = open_db(db)
    schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                          (keyring.TABLE,)).fetchone()[0]
    conn.close()
    assert keyring.OLD_SCHEMA not in schema
    assert not row_on_a_page(db, lookup_of(P), pseudonym)
    erased_as_the_contract_says(run, sqlite_rows(db), pseudonym, before)


def test_a_postgresql_store_written_before_tombstones_is_converted(pg_url, monkeypatch):
    import psycopg
    monkeypatch.setenv("NYSJANSE_USER", "kari")
    monkeypatch.delenv("NYSJANSE_VIEWS", raising=False)
    run = runner_for(pg_url)
    recorded(run)
    before = figures(run)
    pseudonym = erase(run)
    rows = old_rows(pg_rows(pg_url), pseudonym)
    with psycopg.connect(pg_url) as conn:
        conn.execute(f"DELETE FROM {keyring.TABLE}")
        conn.execute(f"ALTER TABLE {keyring.TABLE} ALTER COLUMN pseudonym SET NOT NULL")
        conn.cursor().executemany(f"INSERT INTO {keyring.TABLE} VALUES (%s, %s, %s, %s)", rows)
    assert linked(pg_rows(pg_url), lookup_of(P), pseudonym)
    # a second erasure (of another participant) is the next write here
    assert run("erase", OTHER, "--reason", "also asked").exit_code == 0
    rows = pg_rows(pg_url)
    assert linked(rows, lookup_of(OTHER), "ps-") == []
    erased_as_the_contract_says(run, rows, pseudonym, before)


def test_the_access_log_is_searched_by_the_pseudonym_after_erasure(cli_env):
    run = runner_for()
    recorded(run)
    assert run("show", P, "--date", "2008-12-31", "--user", "olav").exit_code == 0
    pseudonym = erase(run)
    found = run("access-log", "--participant", pseudonym, "--format", "json")
    assert found.exit_code == 0, found.output
    assert [(e["user"], e["command"], e["participants"]) for e in json.loads(found.stdout)] == [
        ("olav", f"show {pseudonym} --date 2008-12-31", [pseudonym])]
    by_id = run("access-log", "--participant", P)
    assert (by_id.exit_code, by_id.stdout) == (1, "")
    assert by_id.stderr.startswith(f"error: {P} was erased on ")
    assert by_id.stderr.endswith(f" by kari: {REASON}; the access log names them by their "
                                 f"pseudonym\n")
