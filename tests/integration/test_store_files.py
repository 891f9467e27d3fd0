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
