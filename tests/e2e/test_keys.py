"""The master key on the command line: `key new`, --key-file / NYSJANSE_KEY_FILE, the per-user
default made on the first write with a one-time notice, and a missing key as one sentence."""
import os
import stat

import pytest
from click.testing import CliRunner

from cli import KEY_NOTICE, cli
from store import keys

INTAKE = ["intake", "p1", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-05-01", "--assistance-since", "2007-09-01",
          "--date", "2008-03-01"]


def invoke(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def fresh_user(tmp_path, monkeypatch, cli_env):
    """A user who has never run nysjanse: no key in the per-user place."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    return tmp_path / "config" / "nysjanse" / "master.key"


def test_key_new_writes_a_key_file_mode_0600(tmp_path):
    result = invoke("key", "new", str(tmp_path / "k"))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (f"wrote a new master key to {tmp_path / 'k'}; keep a copy of it "
                             f"somewhere else\n")
    assert keys.read(tmp_path / "k").raw
    assert stat.S_IMODE(os.stat(tmp_path / "k").st_mode) == 0o600


def test_key_new_never_overwrites_a_file(tmp_path):
    (tmp_path / "k").write_text("mine\n")
    result = invoke("key", "new", str(tmp_path / "k"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {tmp_path / 'k'} already exists; a key file is never overwritten\n"
    assert (tmp_path / "k").read_text() == "mine\n"


def test_the_first_write_makes_the_per_user_key_and_says_so_once(fresh_user):
    first = invoke(*INTAKE)
    assert first.exit_code == 0
    assert first.stderr == KEY_NOTICE.format(path=fresh_user) + "\n"
    assert stat.S_IMODE(os.stat(fresh_user).st_mode) == 0o600
    again = invoke("plan", "p1", "--measure", "norwegian", "--date", "2008-03-02")
    assert (again.exit_code, again.stderr) == (0, "")


def test_demo_needs_no_setup(fresh_user, tmp_path):
    result = invoke("demo", "--db", str(tmp_path / "demo.db"))
    assert result.exit_code == 0
    assert result.stderr.startswith(KEY_NOTICE.format(path=fresh_user) + "\n")


def test_reading_never_makes_a_key(fresh_user):
    other = fresh_user.parent.parent.parent / "other.key"  # the store's key, which this user lacks
    keys.write_new(other)
    assert invoke(*INTAKE, env={keys.KEY_ENV: str(other)}).exit_code == 0
    result = invoke("stats", "2008")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"error: the store {os.environ['NYSJANSE_DB']} needs its master key, and the "
                             f"key file {fresh_user} does not exist (name the key file with "
                             f"--key-file or NYSJANSE_KEY_FILE)\n")
    assert not fresh_user.exists()


def test_a_named_key_file_that_is_missing_is_one_sentence_and_nothing_is_written(cli_env, tmp_path):
    result = invoke("--key-file", str(tmp_path / "nokey"), *INTAKE)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"error: the store {cli_env['NYSJANSE_DB']} needs its master key, and the "
                             f"key file {tmp_path / 'nokey'} does not exist (name the key file "
                             f"with --key-file or NYSJANSE_KEY_FILE)\n")
    assert not os.path.exists(cli_env["NYSJANSE_DB"])
    assert not (tmp_path / "nokey").exists()


@pytest.mark.parametrize("where", ["option", "group option", "environment"])
def test_the_key_file_is_taken_from_the_option_the_group_or_the_environment(cli_env, tmp_path,
                                                                          where):
    key = tmp_path / "k"
    keys.write_new(key)
    args = {"option": [*INTAKE, "--key-file", str(key)],
            "group option": ["--key-file", str(key), *INTAKE],
            "environment": INTAKE}[where]
    env = {keys.KEY_ENV: str(key)} if where == "environment" else None
    assert invoke(*args, env=env).exit_code == 0
    read = invoke("stats", "2008", "--key-file", str(key), "--format", "json")
    assert (read.exit_code, read.stderr) == (0, "")


def test_every_command_that_touches_the_store_takes_key_file():
    from cli import cli as group
    missing = [name for name, command in group.commands.items()
               if name != "key" and "--key-file" not in
               [opt for param in command.params for opt in param.opts]]
    assert missing == []


def test_export_of_a_stored_event_that_does_not_open_is_one_sentence_and_no_file(
        cli_env, store, tmp_path):
    """A sealed field damaged in the store (a disk error, a hand edit): export said it with a
    traceback, after writing part of the file."""
    from store import sqlcipher
    assert invoke(*INTAKE).exit_code == 0
    conn = sqlcipher.connect(store, keys.find()[0])
    (rowid, state), = conn.execute(
        "SELECT rowid, state FROM stored_events WHERE topic LIKE '%Participation.Opened'")
    sealed = state.split(b'"sealed":"')[1].split(b'"')[0]
    damaged = state.replace(sealed, bytes(reversed(sealed)))  # same length, another ciphertext
    conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (damaged, rowid))
    conn.commit()
    conn.close()
    why = (f"error: cannot open the store {store}: a stored event ({{}}) does not open with its "
           f"participant's key\n")
    for args in (["-o", str(tmp_path / "out.jsonl")], []):
        result = invoke("export", *args)
        assert result.exit_code == 1, result.output
        event = result.stderr.split("(")[1].split(")")[0]
        assert result.stderr == why.format(event), result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir() if "out" in p.name] == []  # no temporary either
