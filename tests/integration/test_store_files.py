"""store.files: which store is a server, which file is missing, and which new file is removed."""
import os

import pytest

from store import files as store_files


@pytest.mark.parametrize("db, url", [("postgresql://postgres@127.0.0.1/x", True),
                                     ("postgres://h/x", True), ("sqlite:///x.db", False),
                                     ("x.db", False), ("folder/postgresql://x", False)])
def test_only_postgresql_schemes_name_a_server(db, url):
    assert store_files.is_url(db) is url


def test_a_missing_file_is_missing_and_a_server_never_is(tmp_path):
    there, empty = tmp_path / "there.db", tmp_path / "empty.db"
    there.write_bytes(b"SQLite format 3\0")
    empty.write_bytes(b"")  # SQLite would make a store of it: no store is there yet
    assert store_files.missing(str(tmp_path / "none.db"))
    assert store_files.missing(str(empty))
    assert not store_files.missing(str(there))
    assert not store_files.missing("postgresql://postgres@127.0.0.1/none")


def _create(path):
    for suffix in ("", "-wal", "-shm"):
        open(path + suffix, "w").close()


def test_a_new_file_that_is_not_written_is_removed_with_its_companions(tmp_path):
    db = str(tmp_path / "new.db")
    with store_files.NewStore(db) as new:
        _create(db)
    assert new.created and os.listdir(tmp_path) == []


def test_a_new_file_is_removed_when_the_block_fails(tmp_path):
    db = str(tmp_path / "new.db")
    with pytest.raises(RuntimeError, match="refused"):
        with store_files.NewStore(db) as new:
            _create(db)
            new.written()  # a failure after the write still counts: nothing was kept
            raise RuntimeError("refused")
    assert os.listdir(tmp_path) == []


def test_a_written_new_file_is_kept(tmp_path):
    db = str(tmp_path / "new.db")
    with store_files.NewStore(db) as new:
        _create(db)
        new.written()
    assert sorted(os.listdir(tmp_path)) == ["new.db", "new.db-shm", "new.db-wal"]


def test_a_file_that_was_there_is_never_removed(tmp_path):
    db = str(tmp_path / "old.db")
    _create(db)
    with open(db, "w") as there:
        there.write("SQLite format 3\0")
    with pytest.raises(RuntimeError):
        with store_files.NewStore(db) as new:
            raise RuntimeError("refused")
    assert not new.created and os.path.exists(db)


def test_an_empty_file_is_kept_empty_when_nothing_is_written(tmp_path):
    db = str(tmp_path / "empty.db")
    _create(db)
    os.chmod(db, 0o640)
    with pytest.raises(RuntimeError):
        with store_files.NewStore(db):
            assert os.stat(db).st_mode & 0o777 == 0o600  # what is written in it is private
            with open(db, "w") as store:
                store.write("half a store")
            raise RuntimeError("refused")
    assert os.path.getsize(db) == 0 and os.stat(db).st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["empty.db"]


# -- two writers and a new store: a refusal never removes what another process writes ---------

INTAKE = ["intake", "p1", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-05-01", "--assistance-since",
          "2007-09-01", "--date", "2008-03-01"]


def _programme(db, key):
    from store.application import Programme
    return Programme(db, "kari", key=key)


@pytest.fixture
def key(tmp_path):
    from store import keys
    return keys.write_new(tmp_path / "k.key")


def _fact(participant="p1"):
    from domain.facts import of
    return of("intake", participant, "2008-03-01", project="Bergen", counsellor="c7",
              gender="F", country="SO", resident_since="2004-05-01",
              assistance_since="2007-09-01")


def test_a_refused_write_keeps_a_new_store_another_process_has_open(tmp_path, key):
    import subprocess
    import sys
    db = str(tmp_path / "s.db")
    holder = None
    with pytest.raises(RuntimeError), store_files.NewStore(db) as new:
        new.uses(_programme(db, key))  # the file is made, with its tables
        holder = subprocess.Popen([sys.executable, "-c", (  # another process opens it meanwhile
            "import sys; sys.path.insert(0, sys.argv[1])\n"
            "from store import keys, sqlcipher\n"
            "c = sqlcipher.connect(sys.argv[2], keys.read(sys.argv[3]))\n"
            "print('open', flush=True); sys.stdin.readline()\n"),
            os.getcwd(), db, str(key.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True)
        assert holder.stdout.readline() == "open\n"
        raise RuntimeError("refused")
    holder.communicate("\n")
    assert os.path.exists(db)  # not removed: it was not this process's alone


def test_a_refused_write_keeps_a_new_store_another_process_wrote_into(tmp_path, key):
    db = str(tmp_path / "s.db")
    with pytest.raises(RuntimeError), store_files.NewStore(db) as new:
        new.uses(_programme(db, key))
        other = _programme(db, key)  # (another writer: its own connections)
        other.record(_fact("p2"))
        other.close()
        raise RuntimeError("refused")
    again = _programme(db, key)
    assert again.max_position() > 0  # p2's events are there
    again.close()


def test_a_refused_write_alone_removes_the_new_store_and_its_companions(tmp_path, key):
    db = str(tmp_path / "s.db")
    with pytest.raises(RuntimeError), store_files.NewStore(db) as new:
        new.uses(_programme(db, key))
        raise RuntimeError("refused")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.key"]


def test_a_writer_whose_store_was_removed_while_it_waited_writes_nothing(tmp_path, key):
    from store.application import StoreError
    db = str(tmp_path / "s.db")
    app = _programme(db, key)  # its connection holds the file made now
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)  # as a refused import beside it removes the store it made
    with pytest.raises(StoreError, match="was removed while this command waited for it"):
        app.record(_fact())
    app.close()
    assert not os.path.exists(db)  # and nothing was made again at its name
