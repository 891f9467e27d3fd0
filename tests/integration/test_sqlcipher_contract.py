"""What store/sqlcipher.py relies on in sqlcipher3 and sqlite-utils, checked with the versions
installed: an upgrade that changes one fails the test named after it."""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from store import keys, sqlcipher

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def key(tmp_path):
    return keys.write_new(tmp_path / "k")


def test_sqlcipher_is_version_4(tmp_path, key):
    conn = sqlcipher.connect(str(tmp_path / "a.db"), key, create=True)
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    conn.close()


def test_the_raw_key_opens_a_file_and_no_other_key_or_none_does(tmp_path, key):
    path = str(tmp_path / "a.db")
    conn = sqlcipher.connect(path, key, create=True)
    conn.execute("CREATE TABLE t (a)")
    conn.execute("INSERT INTO t VALUES ('p00001')")
    conn.commit()
    conn.close()
    # the standard way, without our module: PRAGMA key = "x'<hex>'"
    from sqlcipher3 import dbapi2
    raw = dbapi2.connect(path)
    raw.execute(f"PRAGMA key = \"x'{(tmp_path / 'k').read_text().strip()}'\"")
    assert raw.execute("SELECT a FROM t").fetchall() == [("p00001",)]
    raw.close()
    other = keys.write_new(tmp_path / "other")
    with pytest.raises(sqlcipher.WrongKey, match=f"the key in {tmp_path / 'other'} does not "
                                                 f"open {path}"):
        sqlcipher.connect(path, other)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT * FROM t")
    assert b"p00001" not in open(path, "rb").read()


def test_a_wrong_key_logs_nothing_only_because_we_silence_the_log(tmp_path, key):
    """SQLCipher writes a wrong key's failure to stderr unless cipher_log_level is NONE."""
    path = str(tmp_path / "a.db")
    sqlcipher.connect(path, key, create=True).execute("CREATE TABLE t (a)").connection.close()
    hexkey = "ab" * 32
    code = ("import sys; from sqlcipher3 import dbapi2 as d; c = d.connect(sys.argv[1]); "
            "sys.argv[2] == 'quiet' and c.execute('PRAGMA cipher_log_level = NONE'); "
            f"c.execute(\"PRAGMA key = \\\"x'{hexkey}'\\\"\")\n"
            "try: c.execute('SELECT count(*) FROM sqlite_master')\nexcept d.DatabaseError: pass")
    loud = subprocess.run([sys.executable, "-c", code, path, "loud"], capture_output=True,
                          text=True)
    quiet = subprocess.run([sys.executable, "-c", code, path, "quiet"], capture_output=True,
                           text=True)
    assert loud.stderr != "", "SQLCipher no longer logs a wrong key: the PRAGMA is moot"
    assert quiet.stderr == ""
    ours = subprocess.run([sys.executable, "-c", "import sys; from store import keys, sqlcipher\n"
                           "try: sqlcipher.connect(sys.argv[1], keys.write_new(sys.argv[2]))\n"
                           "except sqlcipher.WrongKey: print('refused')", path,
                           str(tmp_path / "k2")], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert (ours.stdout, ours.stderr) == ("refused\n", "")


def test_companion_files_take_the_database_file_s_mode_under_umask_000(tmp_path, key):
    old = os.umask(0)
    try:
        path = str(tmp_path / "a.db")
        conn = sqlcipher.connect(path, key, create=True, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE t (a)")
        reader = sqlcipher.connect(path, key)
        reader.execute("SELECT * FROM t").fetchall()
        files = sorted(os.listdir(tmp_path))
        modes = {name: stat.S_IMODE(os.stat(tmp_path / name).st_mode) for name in files}
        reader.close()
        conn.close()
    finally:
        os.umask(old)
    assert {"a.db", "a.db-wal", "a.db-shm"} <= set(files)
    assert {n: m for n, m in modes.items() if n.startswith("a.db")} == {
        "a.db": 0o600, "a.db-wal": 0o600, "a.db-shm": 0o600}


def test_the_driver_s_errors_are_not_sqlite3_s():
    """Why every `except` around our connections names store.sqlcipher's classes, and why
    store.adapter maps them for the event library (which catches sqlite3's only)."""
    assert not issubclass(sqlcipher.IntegrityError, sqlite3.Error)
    assert issubclass(sqlcipher.IntegrityError, sqlcipher.Error)
    assert issubclass(sqlcipher.OperationalError, sqlcipher.DatabaseError)


def test_sqlite_utils_declares_the_read_models_alike_on_sqlcipher3_and_sqlite3(tmp_path, key):
    """projections.tables.create_schema uses sqlite-utils' create() and insert() on our
    connection; both must give what they give on a sqlite3 connection."""
    from projections.tables import create_schema
    ours = sqlcipher.connect(str(tmp_path / "a.db"), key, create=True)
    plain = sqlite3.connect(str(tmp_path / "b.db"))
    for conn in (ours, plain):
        create_schema(conn)
        conn.commit()
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert ours.execute(schema).fetchall() == plain.execute(schema).fetchall()
    assert ours.execute("SELECT * FROM tracking").fetchall() == \
        plain.execute("SELECT * FROM tracking").fetchall()


def test_sqlite_utils_catches_only_sqlite3_s_errors_so_we_avoid_those_calls(tmp_path, key):
    """sqlite-utils' drop(ignore=True) swallows sqlite3.OperationalError only: on our
    connection it raises. The read side therefore never calls drop(ignore=) or
    insert(alter=) (checked on its source); if sqlite-utils learns the driver's classes,
    this test fails and the calls may be used again."""
    import pathlib

    import sqlite_utils
    db = sqlite_utils.Database(sqlcipher.connect(str(tmp_path / "a.db"), key, create=True))
    with pytest.raises(sqlcipher.OperationalError):
        db["missing"].drop(ignore=True)
    source = "".join(p.read_text() for p in pathlib.Path(ROOT, "projections").glob("*.py"))
    assert "ignore=True" not in source and "alter=True" not in source
