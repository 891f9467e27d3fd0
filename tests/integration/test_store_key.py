"""A store knows its master key (privacy.md, "Keys"): it keeps a key check value beside its
id, so the wrong key is refused by the store itself, not only by SQLCipher. On PostgreSQL
nothing else would refuse it: on a machine with no read models of the store yet, the wrong
key used to read nothing useful and, worse, write a second keyring entry for a known
participant and events sealed under a key nobody has.

Every command x (PostgreSQL store, wrong key, no local read models): exit 1, the one sentence
naming the key, and every table of the store holds what it held."""
from __future__ import annotations

import json
import os

import psycopg
import pytest
from click.testing import CliRunner

from cli import cli
from store import identity, keys
from tests.conftest import intake


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-a"))
    for name in ("NYSJANSE_DB", "NYSJANSE_VIEWS", keys.KEY_ENV):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("NYSJANSE_USER", "kari")
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(cli, [str(a) for a in args],
                                env={"NYSJANSE_DB": None, keys.KEY_ENV: None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def intake_args(participant: str, counsellor: str, day: str = "2008-03-01") -> list[str]:
    return ["intake", participant, "--project", "Bergen", "--counsellor", counsellor, "--gender",
            "F", "--country", "SO", "--resident-since", "2004-05-01", "--assistance-since",
            "2007-09-01", "--date", day]


def rows(url: str) -> dict[str, int]:
    """Every table of the store's schema and its row count."""
    with psycopg.connect(url, autocommit=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


# Every command that touches the store; the recording ones meet a counsellor or a participant
# the store does not yet hold under the wrong key's lookup values, so only the key stops them.
COMMANDS = {
    "intake new": intake_args("p9", "c8"),
    "intake existing": intake_args("p1", "c8", "2008-05-01"),
    "plan existing": ["plan", "p1", "--measure", "norwegian", "--date", "2008-04-01"],
    "retract": ["retract", "EVENT", "--reason", "wrong"],
    "erase": ["erase", "p1", "--reason", "asked"],
    "import": ["import", "EVENTS"],
    "export": ["export"],
    "stats": ["stats", "2008"],
    "status": ["status", "--date", "2008-12-31"],
    "caseload": ["caseload", "--date", "2008-06-30"],
    "show": ["show", "p1", "--date", "2008-12-31"],
    "history": ["history", "p1"],
    "explain": ["explain", "2008", "exits"],
    "changes": ["changes", "2008", "--from", "2008-01-01"],
    "access-log": ["access-log"],
    "verify": ["verify"],
    "report": ["report", "2008", "-o", "r.html"],
    "rebuild": ["rebuild"],
}


@pytest.fixture
def pg_made(home, pg_url):
    """A PostgreSQL store with one participant, recorded and read with key A (its read models
    in data-a); key B beside it; the per-user data folder now a fresh one (a new machine)."""
    a, b = keys.write_new(home / "a.key"), keys.write_new(home / "b.key")
    events = home / "more.jsonl"
    events.write_text(json.dumps({**intake("p2", "2008-03-02", counsellor="c9"), "id": "e2"})
                      + "\n")
    assert run("--key-file", a.path, "--db", pg_url, *intake_args("p1", "c7")).exit_code == 0
    assert run("--key-file", a.path, "--db", pg_url, "show", "p1", "--date",
               "2008-12-31").exit_code == 0
    event = json.loads(run("--key-file", a.path, "--db", pg_url, "history", "p1", "--format",
                           "json").stdout)[0]["id"]
    os.environ["XDG_DATA_HOME"] = str(home / "data-b")  # (monkeypatched in `home`)
    return pg_url, a, b, event, events


def wrong_key_sentence(key_path: str, url: str) -> str:
    from store.application import mask  # (the embedded server's URL has an empty password)
    return (f"the key in {key_path} does not open the store {mask(url)}: it needs the master "
            f"key it was made with (name that key's file with --key-file or NYSJANSE_KEY_FILE)")


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_the_wrong_key_on_postgresql_without_read_models_writes_nothing(pg_made, home, command):
    url, a, b, event, events = pg_made
    args = [str(events) if x == "EVENTS" else event if x == "EVENT" else x
            for x in COMMANDS[command]]
    before = rows(url)
    result = run("--key-file", b.path, "--db", url, *args)
    expected = wrong_key_sentence(b.path, url)
    if command == "report":
        expected = "no report written: " + expected
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {expected}\n")
    assert rows(url) == before
    assert not (home / "r.html").exists()
    assert [f for _, _, names in os.walk(home / "data-b") for f in names] == []
    # ... and the right key still finds everything as it was
    assert run("--key-file", a.path, "--db", url, "verify").exit_code == 0
    shown = run("--key-file", a.path, "--db", url, "history", "p1", "--format", "json")
    assert [f["id"] for f in json.loads(shown.stdout)] == [event]


def test_with_the_right_key_every_command_works_on_a_new_machine(pg_made, home):
    url, a, b, event, events = pg_made
    for command, args in COMMANDS.items():
        if command in ("retract", "erase", "intake existing"):
            continue  # a second intake, a retracted intake are refused; erasure comes last
        args = [str(events) if x == "EVENTS" else x for x in args]
        result = run("--key-file", a.path, "--db", url, *args)
        assert result.exit_code == 0, (command, result.stderr)
    erased = run("--key-file", a.path, "--db", url, "erase", "p1", "--reason", "asked")
    assert erased.exit_code == 0, erased.stderr


def stored_check(url: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(f"SELECT * FROM {identity.KEY_TABLE}").fetchall()


def forget_check(url: str) -> None:
    """The store as a version before the key check value left it."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE {identity.KEY_TABLE}")


def test_a_new_store_keeps_its_key_check_value_from_the_start(home, pg_url):
    a = keys.write_new(home / "a.key")
    assert run("--key-file", a.path, "--db", pg_url, *intake_args("p1", "c7")).exit_code == 0
    [(one, value)] = stored_check(pg_url)
    assert value == identity.key_check(a) and len(value) == 64


def test_a_store_made_before_the_check_value_is_proven_by_its_keyring(pg_made, home):
    url, a, b, event, events = pg_made
    forget_check(url)
    before = rows(url)
    for args in (COMMANDS["intake existing"], COMMANDS["stats"]):
        result = run("--key-file", b.path, "--db", url, *args)
        assert (result.exit_code, result.stderr) == (
            1, f"error: {wrong_key_sentence(b.path, url)}\n")
    assert rows(url) == before
    # the right key's first use gives it the check value
    assert run("--key-file", a.path, "--db", url, "plan", "p1", "--measure", "norwegian",
               "--date", "2008-04-01").exit_code == 0
    assert [v for _, v in stored_check(url)] == [identity.key_check(a)]


def test_a_store_made_before_the_check_value_whose_participants_are_all_erased_is_proven_by_its_chain(
        pg_made, home):
    url, a, b, event, events = pg_made
    assert run("--key-file", a.path, "--db", url, "erase", "p1", "--reason", "asked").exit_code == 0
    forget_check(url)
    before = rows(url)
    result = run("--key-file", b.path, "--db", url, *COMMANDS["intake new"])
    assert (result.exit_code, result.stderr) == (1, f"error: {wrong_key_sentence(b.path, url)}\n")
    assert rows(url) == before
    assert run("--key-file", a.path, "--db", url, *COMMANDS["intake new"]).exit_code == 0
    assert [v for _, v in stored_check(url)] == [identity.key_check(a)]


def test_the_check_value_refuses_a_wrong_key_where_nothing_else_could(home, pg_url):
    """A store that holds no event yet (made by a refused write; a read makes none): its key is
    the one it was made with."""
    a, b = keys.write_new(home / "a.key"), keys.write_new(home / "b.key")
    refused = run("--key-file", a.path, "--db", pg_url, "plan", "p1", "--measure", "norwegian")
    assert refused.exit_code == 1 and "before any intake" in refused.stderr, refused.stderr
    assert len(stored_check(pg_url)) == 1
    before = rows(pg_url)
    result = run("--key-file", b.path, "--db", pg_url, *intake_args("p1", "c7"))
    assert (result.exit_code, result.stderr) == (1, f"error: {wrong_key_sentence(b.path, pg_url)}\n")
    assert rows(pg_url) == before


# -- SQLite: SQLCipher refuses the wrong key; the check value is kept the same way ------------

def sqlite_check(db) -> list:
    from tests.conftest import open_db
    conn = open_db(str(db))
    try:
        return conn.execute(f"SELECT * FROM {identity.KEY_TABLE}").fetchall()
    finally:
        conn.close()


def test_an_sqlite_store_keeps_the_check_value_too_and_an_older_one_gets_it_on_its_first_write(
        home):
    from tests.conftest import open_db
    assert run("--db", "s.db", *intake_args("p1", "c7")).exit_code == 0
    key = keys.find()[0]  # the per-user key, made by that first write
    [(one, value)] = sqlite_check(home / "s.db")
    conn = open_db(str(home / "s.db"))
    conn.execute(f"DROP TABLE {identity.KEY_TABLE}")
    conn.commit()
    conn.close()
    assert value == identity.key_check(key)
    assert run("--db", "s.db", "stats", "2008").exit_code == 0
    with pytest.raises(Exception, match="no such table"):  # a read never writes it
        sqlite_check(home / "s.db")
    assert run("--db", "s.db", "plan", "p1", "--measure", "norwegian",
               "--date", "2008-04-01").exit_code == 0
    assert [v for _, v in sqlite_check(home / "s.db")] == [value]


def test_the_sentence_comes_from_the_catalog(pg_made):
    from store.application import mask
    url, a, b, event, events = pg_made
    result = run("--key-file", b.path, "--db", url, "stats", "2008", "--lang", "nb")
    assert (result.exit_code, result.stderr) == (
        1, f"feil: nøkkelen i {b.path} åpner ikke lageret {mask(url)}: det trenger hovednøkkelen "
           f"det ble laget med (oppgi den nøkkelens fil med --key-file eller NYSJANSE_KEY_FILE)\n")


def test_a_user_who_may_only_read_an_older_store_still_reads_it(pg_made):
    """The check value cannot be written by a role without the right to create tables: the
    key is proven by the keyring all the same, and the value waits for a later use."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit
    url, a, b, event, events = pg_made
    forget_check(url)
    role = f"reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        conn.execute(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    try:
        parts = urlsplit(url)  # (a socket folder's URL has no host: `?host=/folder`)
        where = f"{parts.hostname}:{parts.port}" if parts.hostname else ""
        as_reader = urlunsplit(parts._replace(netloc=f"{role}@{where}"))
        for command in (["stats", "2008"], ["verify"]):  # (neither writes the access log)
            result = run("--key-file", a.path, "--db", as_reader, *command)
            assert result.exit_code == 0, result.stderr
        assert identity.KEY_TABLE not in rows(url)  # not written by the reader ...
        wrong = run("--key-file", b.path, "--db", as_reader, "stats", "2008")
        assert (wrong.exit_code, wrong.stderr) == (
            1, f"error: {wrong_key_sentence(b.path, as_reader)}\n")
        assert run("--key-file", a.path, "--db", url, "verify").exit_code == 0
        assert len(stored_check(url)) == 1  # ... but by the next user who may write
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def test_an_empty_access_log_is_not_shown_with_another_key(home, any_store):
    """`access-log` used to open the store only to name the participants of its entries: with
    none yet, another key was told "no access recorded" (and on PostgreSQL the log's table was
    made)."""
    a, b = keys.write_new(home / "a.key"), keys.write_new(home / "b.key")
    db = any_store if "://" in any_store else "s.db"
    assert run("--key-file", a.path, "--db", db, *intake_args("p1", "c7")).exit_code == 0
    before = rows(db) if "://" in db else None
    result = run("--key-file", b.path, "--db", db, "access-log")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"error: the key in {b.path} does not open ")
    assert result.stderr.count("\n") == 1
    if before is not None:
        assert rows(db) == before
    assert run("--key-file", a.path, "--db", db, "access-log").exit_code == 0
