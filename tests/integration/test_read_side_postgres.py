"""The same read side over a PostgreSQL event store: the read models stay in SQLite."""
from __future__ import annotations

import json
import os

import projections
from tests.conftest import EXAMPLES, sample_facts

from .conftest import differences, dump_views, load
from .test_read_side_known_answers import CASES


def test_known_answers_from_postgres(pg_url, sample_store, tmp_path, monkeypatch):
    from store.application import Programme
    load(Programme(pg_url, "test"), sample_facts())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    views = projections.views_path(pg_url)
    assert views.startswith(str(tmp_path / "data" / "nysjanse") + "/")
    assert views.endswith(".views.db")
    for name, query in CASES:
        want = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        assert differences(want, query(pg_url)) == [], name
    assert os.path.exists(views) and os.listdir(tmp_path) == ["data"]  # nothing in the folder
    # the same rows as from the SQLite store: positions differ, facts and snapshots do not
    projections.catch_up(sample_store)
    sqlite_rows = named(projections.views_path(sample_store))
    pg_rows = named(views)
    assert [r[1:] for r in pg_rows["facts"]] == [r[1:] for r in sqlite_rows["facts"]]
    assert [r[1:] for r in pg_rows["participations"]] == \
        [r[1:] for r in sqlite_rows["participations"]]


def named(path: str) -> dict[str, list]:
    """The read models' rows with each store's random pseudonyms replaced by the ids (from the
    `names` read model), and the facts without their sealed fields (a random nonce each)."""
    from tests.conftest import open_db
    rows = dump_views(path)
    conn = open_db(path)
    try:
        names = dict(conn.execute("SELECT pseudonym, participant FROM names"))
    finally:
        conn.close()

    def cell(value):
        if isinstance(value, str) and value.startswith("{"):
            fact = json.loads(value)
            fact.pop("sealed", None)
            fact["participant"] = names.get(fact["participant"], fact["participant"])
            return json.dumps(fact, sort_keys=True)
        return names.get(value, value) if isinstance(value, str) else value
    return {table: [tuple(cell(v) for v in row) for row in found]
            for table, found in rows.items()}
