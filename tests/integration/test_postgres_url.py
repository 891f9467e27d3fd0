"""The store at a URL in libpq's query form (`?host=/socket/folder`), as embedded servers give it."""
import json
import os
import subprocess
import sys
from urllib.parse import quote

import psycopg
from click.testing import CliRunner
from psycopg.conninfo import conninfo_to_dict

from cli import cli
from store.application import Programme

CLI = [sys.executable, "-c", "import cli; cli.main()"]
INTAKE = ["intake", "p1", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-05-01", "--assistance-since", "2007-09-01",
          "--date", "2008-03-01"]


def query_form(url: str) -> str:
    """The same database with host and port in the query, and a host before the path that
    does not exist: only a reader of the query reaches the server (libpq lets the query win)."""
    libpq = conninfo_to_dict(url)  # libpq's own reading of the URL, not ours
    host = libpq.get("host", "127.0.0.1")
    port = libpq.get("port", "5432")
    return (f"postgresql://{quote(libpq.get('user', 'postgres'))}@nowhere.invalid:1/"
            f"{libpq['dbname']}?host={quote(host, safe='')}&port={port}")


def test_query_form_reaches_the_same_database(pg_url, tmp_path):
    url = query_form(pg_url)
    recorded = subprocess.run([*CLI, "--db", url, "--user", "kari", *INTAKE], cwd=tmp_path,
                              capture_output=True, text=True)
    assert recorded.returncode == 0, recorded.stderr
    event_id = recorded.stdout.strip()

    shown = subprocess.run([*CLI, "--db", url, "show", "p1", "--date", "2008-12-31",
                            "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert [e["id"] for e in json.loads(shown.stdout)["events"]] == [event_id]
    # The read models' file is one plain name in the per-user folder (never the current one),
    # whatever the host is.
    assert os.listdir(tmp_path) == []
    folder = os.path.join(os.environ["XDG_DATA_HOME"], "nysjanse")
    [views] = [n for n in os.listdir(folder) if n.endswith(f"{conninfo_to_dict(pg_url)['dbname']}"
                                                           f".views.db")]
    assert views.startswith("nysjanse-") and "nowhere" not in views

    # The same database as the fixture's own URL form, seen by the store and by libpq.
    assert Programme(pg_url, "kari").participant_of(event_id) == "p1"
    with psycopg.connect(pg_url) as conn:
        # the event-id index names the participant by pseudonym only (docs/privacy.md)
        assert conn.execute("SELECT participant FROM nysjanse_event_ids").fetchall() == [
            (Programme(pg_url, "kari").entry("p1").pseudonym,)]


def test_unsupported_parameters_are_refused_and_the_password_never_shown(cli_env):
    result = CliRunner().invoke(
        cli, ["--db", "postgresql://kari:secret@h/db?sslmode=require&password=top", *INTAKE])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "error: cannot open the store postgresql://kari:***@h/db?sslmode=require&password=***: "
        "the parameter 'sslmode' is not supported (only host and port); "
        "the parameter 'password' is not supported (only host and port)\n")


def test_a_read_names_the_store_once(cli_env):
    result = CliRunner().invoke(cli, ["--db", "postgresql://h:99999/db", "stats", "2008"])
    assert (result.exit_code, result.stderr) == (
        1, "error: cannot open the store postgresql://h:99999/db: its port is not a number from 1 to 65535\n")
