"""Encryption at rest (privacy.md, "Keys" and "Encryption at rest"): every file nysjanse writes
is SQLCipher with the master key, 0600 whatever the umask, and holds no participant id or note
in plain bytes; without the right key every command says which key it needs, in one sentence,
and writes nothing."""
from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest
from click.testing import CliRunner

from cli import cli
from store import keys, sqlcipher
from tests.conftest import SAMPLE, intake

FACTS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
IDS = sorted({f["participant"] for f in FACTS})
TEXTS = sorted({f[k] for f in FACTS for k in ("note", "reason")
                if isinstance(f.get(k), str) and " " in f[k]})  # notes, retraction reasons
SECRETS = [s.encode() for s in IDS + TEXTS]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user with a folder of their own, per-user places inside it, and umask 000."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for name in ("NYSJANSE_DB", "NYSJANSE_VIEWS", keys.KEY_ENV):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("NYSJANSE_USER", "kari")
    old = os.umask(0)
    yield tmp_path
    os.umask(old)


def run(*args: str):
    # the group's options set their environment variables: restored after each command
    result = CliRunner().invoke(cli, list(args), env={"NYSJANSE_DB": None, keys.KEY_ENV: None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def files(folder) -> dict[str, bytes]:
    return {os.path.relpath(os.path.join(d, n), folder): open(os.path.join(d, n), "rb").read()
            for d, _, names in os.walk(folder) for n in names}


def state(folder) -> dict:
    """Every file's bytes, mode and mtime under `folder`."""
    out = {}
    for d, _, names in os.walk(folder):
        for n in names:
            path = os.path.join(d, n)
            st = os.stat(path)
            out[os.path.relpath(path, folder)] = (open(path, "rb").read(), st.st_mode,
                                                  st.st_mtime_ns)
    return out


def leaks(folder) -> list[tuple[str, str]]:
    return [(name, secret.decode()) for name, data in files(folder).items()
            for secret in SECRETS if secret in data]


def opens_with_raw_key(path: str, key_file) -> bool:
    from sqlcipher3 import dbapi2  # as the sqlcipher tools do: the raw key, nothing more
    conn = dbapi2.connect(path)
    try:
        conn.execute(f"PRAGMA key = \"x'{open(key_file).read().strip()}'\"")
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    finally:
        conn.close()


def opens_without_key(path: str) -> bool:
    try:
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False


def test_no_id_or_note_in_plain_bytes_and_every_file_0600_under_umask_000(home):
    assert len(IDS) > 100 and "sick child" in TEXTS
    assert run("key", "new", "my.key").exit_code == 0
    key = home / "my.key"
    steps = [["import", str(SAMPLE)], ["stats", "2008"], ["status", "--date", "2008-12-31"],
             ["show", IDS[0], "--date", "2008-12-31"], ["caseload", "--date", "2008-06-30"],
             ["history", IDS[1]], ["rebuild"]]
    for step in steps:
        result = run("--key-file", str(key), "--db", "s.db", *step)
        assert result.exit_code == 0, (step, result.stderr)
    assert leaks(home) == []
    written = {name: stat.S_IMODE(os.stat(home / name).st_mode) for name in files(home)}
    assert {"s.db", "s.views.db"} <= written.keys()
    assert {name: mode for name, mode in written.items() if mode != 0o600} == {}
    for name in ("s.db", "s.views.db"):
        assert opens_with_raw_key(str(home / name), key)
        assert not opens_without_key(str(home / name))
        other = keys.write_new(home / f"other-{name}.key")
        with pytest.raises(sqlcipher.WrongKey):
            sqlcipher.connect(str(home / name), other)


def test_the_per_user_key_is_made_0600_in_a_0700_folder_under_umask_000(home):
    result = run("--db", "s.db", "import", str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    made = home / "config" / "nysjanse" / "master.key"
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(made.parent).st_mode) == 0o700
    assert opens_with_raw_key(str(home / "s.db"), made)
    assert leaks(home) == []


COMMANDS = {
    "intake": ["intake", "p9", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
               "--country", "SO", "--resident-since", "2004-05-01", "--assistance-since",
               "2007-09-01", "--date", "2008-03-01"],
    "plan": ["plan", "p1", "--measure", "norwegian", "--date", "2008-04-01"],
    "retract": ["retract", "EVENT", "--reason", "wrong"],
    "import": ["import", "EVENTS"],
    "export": ["export"],
    "demo": ["demo"],
    "stats": ["stats", "2008"],
    "status": ["status", "--date", "2008-12-31"],
    "caseload": ["caseload", "--date", "2008-06-30"],
    "show": ["show", "p1", "--date", "2008-12-31"],
    "history": ["history", "p1"],
    "report": ["report", "2008", "-o", "r.html"],
    "rebuild": ["rebuild"],
    "migrate": ["key", "migrate"],
}


@pytest.fixture
def made(home):
    """A store and its read models, made with key A; key B beside them."""
    a, b = keys.write_new(home / "a.key"), keys.write_new(home / "b.key")
    events = home / "more.jsonl"
    events.write_text(json.dumps({**intake("p2", "2008-03-02"), "id": "e2"}) + "\n")
    assert run("--key-file", a.path, "--db", "s.db", "intake", "p1", "--project", "Bergen",
               "--counsellor", "c7", "--gender", "F", "--country", "SO", "--resident-since",
               "2004-05-01", "--assistance-since", "2007-09-01", "--date",
               "2008-03-01").exit_code == 0
    assert run("--key-file", a.path, "--db", "s.db", "stats", "2008").exit_code == 0
    event = json.loads(run("--key-file", a.path, "--db", "s.db", "history", "p1", "--format",
                           "json").stdout)[0]["id"]
    return home, a, b, event, events


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
@pytest.mark.parametrize("which", ["wrong", "missing", "missing default"])
def test_without_the_right_key_one_sentence_exit_1_nothing_written(made, command, which):
    home, a, b, event, events = made
    args = [str(events) if x == "EVENTS" else event if x == "EVENT" else x
            for x in COMMANDS[command]]
    before = state(home)
    key_args = {"wrong": ["--key-file", b.path], "missing": ["--key-file", "gone.key"],
                "missing default": []}[which]
    result = run(*key_args, "--db", "s.db", *args)
    assert (result.exit_code, result.stdout) == (1, "")
    expected = {
        "wrong": f"the key in {b.path} does not open s.db: it needs the master key it was made "
                 f"with (name that key's file with --key-file or NYSJANSE_KEY_FILE), or it is "
                 f"not a nysjanse file",
        "missing": "the store s.db needs its master key, and the key file gone.key does not "
                   "exist (name the key file with --key-file or NYSJANSE_KEY_FILE)",
        "missing default": f"the store s.db needs its master key, and the key file "
                           f"{home / 'config' / 'nysjanse' / 'master.key'} does not exist "
                           f"(name the key file with --key-file or NYSJANSE_KEY_FILE)"}[which]
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    if command == "report" and which == "wrong":
        expected = "no report written: " + expected
    assert result.stderr == "error: " + expected + "\n"
    assert state(home) == before


def test_a_postgresql_store_keeps_its_read_models_encrypted_in_the_per_user_place(home, pg_url):
    assert run("key", "new", "my.key").exit_code == 0
    key = home / "my.key"
    for step in (["import", str(SAMPLE)], ["stats", "2008"], ["show", IDS[0], "--date",
                                                                "2008-12-31"]):
        result = run("--key-file", str(key), "--db", pg_url, *step)
        assert result.exit_code == 0, (step, result.stderr)
    assert sorted(os.listdir(home)) == ["data", "my.key"]  # nothing in the current folder
    [views] = [name for name in files(home / "data") if name.endswith(".views.db")]
    assert views.startswith("nysjanse" + os.sep)
    path = str(home / "data" / views)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert opens_with_raw_key(path, key) and not opens_without_key(path)
    assert leaks(home) == []


# -- a store written before encryption ----------------------------------------------------------

UNUSED = keys.MasterKey(bytes(32), "unused")  # a plain store is opened without a key


def plain_store(db: str) -> None:
    """A store as the version before encryption wrote it: the same recorders and tables on the
    event library's own (plain sqlite3) connections, and plain read models beside it."""
    from store import adapter, keyring
    from store.application import Programme
    from store.transfer import import_lines
    real, new, seal = adapter.keyed, keyring.Keyring.new, keyring.Keyring.seal
    adapter.keyed = lambda factory, key: factory
    # ... and before pseudonyms: a participant named by their id, their facts stored as given
    keyring.Keyring.new = lambda ring, participant: (
        keyring.Entry(ring.lookup(participant), participant, participant, bytes(32)),
        (ring.lookup(participant), participant, None, None))
    keyring.Keyring.seal = lambda ring, fact, entry: dict(fact)
    try:
        app = Programme(db, "kari", key=UNUSED)
        import_lines(app, SAMPLE.read_text(encoding="utf-8").splitlines(), "kari")
        app.close()
    finally:
        adapter.keyed, keyring.Keyring.new, keyring.Keyring.seal = real, new, seal
    views = sqlite3.connect(db.removesuffix(".db") + ".views.db")  # a plain read model
    from store.identity import VIEWS_MARK
    views.execute(f"PRAGMA application_id = {VIEWS_MARK}")
    views.execute("CREATE TABLE facts (participant TEXT, note TEXT)")
    views.executemany("INSERT INTO facts VALUES (?, ?)", [(p, "sick child") for p in IDS])
    views.commit()
    views.close()


def test_a_store_written_before_encryption_says_how_to_encrypt_it_then_keeps_every_event(home):
    from store.application import Programme
    from store.transfer import export_lines
    plain_store(str(home / "old.db"))
    assert sqlcipher.is_plain(str(home / "old.db")) and leaks(home)  # ids in plain bytes
    old = Programme("old.db", "kari", key=UNUSED, unencrypted=True)
    exported = list(export_lines(old))
    old.close()
    assert len(exported) == len(FACTS)
    before = state(home)
    for command in (["stats", "2008"], ["plan", IDS[0], "--measure", "norwegian"], ["export"]):
        refused = run("--db", "old.db", *command)
        assert (refused.exit_code, refused.stdout, refused.stderr) == (
            1, "", "error: the store old.db was written before nysjanse encrypted its files; encrypt "
                   "it once with: nysjanse key migrate --db old.db\n"), command
    assert state(home) == before
    done = run("--db", "old.db", "key", "migrate")
    assert done.exit_code == 0, done.stderr
    key_path = home / "config" / "nysjanse" / "master.key"
    assert done.stderr == (
        f"made a new master key in {key_path}; keep a copy of it somewhere else (without it "
        f"nothing in the store can be read)\n"
        f"encrypted the store old.db with the key in {key_path}: {len(FACTS)} events for "
        f"{len(IDS)} participants kept; the plain files were overwritten and removed (old.db, "
        f"old.views.db)\n")
    assert sorted(files(home)) == ["config/nysjanse/master.key", "old.db"]
    assert not sqlcipher.is_plain(str(home / "old.db")) and leaks(home) == []
    assert stat.S_IMODE(os.stat(home / "old.db").st_mode) == 0o600
    # every event, with its id, recorded_at and recorded_by, in the same order
    after = run("--db", "old.db", "export")
    assert after.stdout.splitlines() == exported
    want = json.loads((SAMPLE.parent / "stats-2008.json").read_text(encoding="utf-8"))
    stats = run("--db", "old.db", "stats", "2008", "--format", "json")
    from tests.integration.conftest import differences  # floats to 1e-6
    assert differences(want, json.loads(stats.stdout)) == []
    assert leaks(home) == []  # the read models were built again, encrypted
    again = run("--db", "old.db", "key", "migrate")
    assert (again.exit_code, again.stderr) == (
        1, "error: the store old.db is already encrypted; nothing was changed\n")


def test_migrating_a_postgresql_store_is_refused_without_showing_its_password(home):
    url = "postgresql://kari:hemmelig@127.0.0.1:1/lager"
    for lang, why in (("en", "is a PostgreSQL store: it has no SQLite file to encrypt"),
                      ("nb", "er et PostgreSQL-lager: det har ingen SQLite-fil å kryptere")):
        result = CliRunner().invoke(cli, ["--lang", lang, "--db", url, "key", "migrate"])
        prefix = {"en": "error", "nb": "feil"}[lang]
        assert (result.exit_code, result.stdout, result.stderr) == (
            1, "", f"{prefix}: postgresql://kari:***@127.0.0.1:1/lager {why}\n")
        assert files(home) == {} and not (home / "data").exists()  # no key, no folder made
