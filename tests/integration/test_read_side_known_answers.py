"""The read side against the known answers of tests/fixtures, figure for figure."""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys

import pytest

import projections
from projections import render
from tests.conftest import EXAMPLES, sample_facts

from .conftest import differences, dump_views

KAT = "2009-01-31T00:00:00+01:00"

CASES = [
    ("stats-2008.json", lambda db: projections.stats(db, 2008)),
    ("stats-2008-known-at-2009-01-31.json", lambda db: projections.stats(db, 2008, known_at=KAT)),
    ("stats-2009.json", lambda db: projections.stats(db, 2009)),
    ("status-2008-12-31.json", lambda db: projections.status(db, "2008-12-31")),
    ("caseload-2008-06-30.json", lambda db: projections.caseload(db, "2008-06-30")),
]


@pytest.mark.parametrize("name,query", CASES, ids=[c[0] for c in CASES])
def test_expected_file(sample_store, name, query):
    want = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    got = query(sample_store)
    assert differences(want, got) == []
    assert list(got) == list(want)  # the keys in the order of statistics.md


def test_rebuild_reads_the_same(sample_store, tmp_path):
    views = str(tmp_path / "other.views.db")
    assert projections.rebuild(sample_store, views=views) > 0
    want = json.loads((EXAMPLES / "stats-2008.json").read_text(encoding="utf-8"))
    assert differences(want, projections.stats(sample_store, 2008, views=views)) == []
    projections.rebuild(sample_store, views=views)  # over full read models
    assert dump_views(views) == dump_views(projections.views_path(sample_store))


def test_known_at_uses_any_offset(sample_store):
    same_instant = "2009-01-30T23:00:00Z"
    assert projections.stats(sample_store, 2008, known_at=same_instant) == \
        projections.stats(sample_store, 2008, known_at=KAT)
    with pytest.raises(ValueError):
        projections.stats(sample_store, 2008, known_at="2009-01-31")


def test_status_summary_is_year_end(sample_store):
    for year in (2007, 2008, 2009):
        assert projections.status(sample_store, f"{year}-12-31")["summary"] == \
            projections.stats(sample_store, year)["year_end"]


def test_caseload_detail_adds_to_caseload(sample_store):
    plain = projections.caseload(sample_store, "2008-06-30")
    detail = projections.caseload_detail(sample_store, "2008-06-30")
    for a, b in zip(plain["counsellors"], detail["counsellors"]):
        assert a == {k: v for k, v in b.items() if k != "details"}
        assert [d["participant"] for d in b["details"]] == a["participants"]
    one = projections.caseload(sample_store, "2008-06-30", counsellor="berge1")
    assert [c["counsellor"] for c in one["counsellors"]] == ["berge1"]


def test_history_has_retracted_facts_and_retractions(sample_store):
    facts = [f for f in sample_facts() if f["participant"] == "p00116"]
    got = projections.history(sample_store, "p00116")
    assert [f["id"] for f in got] == [f["id"] for f in facts]
    by_id = {f["id"]: f for f in got}
    assert by_id["ev000514"]["retracted_by"] == "fx000776"
    assert by_id["ev000514"]["retracted_at"] == "2009-02-10T09:00:00+01:00"
    assert by_id["fx000776"]["type"] == "retraction" and by_id["fx000776"]["retracted_by"] is None
    for want in facts:  # every field as recorded
        assert {k: v for k, v in by_id[want["id"]].items()
                if k not in ("retracted_by", "retracted_at")} == want


def test_show_before_and_after_a_correction(sample_store):
    before = projections.show(sample_store, "p00116", "2009-12-31", known_at=KAT)
    after = projections.show(sample_store, "p00116", "2009-12-31")
    assert before["state"] == after["state"] == "aborted"
    assert before["exit"]["reason"] == "health" and after["exit"]["reason"] == "other"
    assert [e["id"] for e in before["events"]][-1] == "ev000514"
    assert [e["id"] for e in after["events"]][-1] == "fx000777"
    assert "fx000776" not in [e["id"] for e in after["events"]]  # retractions are not events in force
    on_intake = projections.show(sample_store, "p00116", "2006-01-11")
    assert on_intake["state"] == "active" and on_intake["exit"] is None
    assert [e["type"] for e in on_intake["events"]] == ["intake"]
    assert projections.show(sample_store, "p00116", "2006-01-10")["state"] == "not_started"


def test_unknown_participant(sample_store):
    with pytest.raises(projections.UnknownParticipant, match="nobody"):
        projections.show(sample_store, "nobody", "2008-12-31")
    with pytest.raises(projections.UnknownParticipant):
        projections.history(sample_store, "nobody")
    # p00116's intake was recorded on 2006-01-14
    with pytest.raises(projections.UnknownParticipant, match="2006-01-13"):
        projections.show(sample_store, "p00116", "2008-12-31", known_at="2006-01-13T00:00:00+01:00")


def test_retracted_intake_is_nobody_in_the_figures(sample_store):
    before = projections.show(sample_store, "p-mistake", "2008-12-31",
                              known_at="2008-05-05T10:00:00+01:00")
    assert before["state"] in ("active", "suspended")
    after = projections.show(sample_store, "p-mistake", "2008-12-31")
    assert after["state"] == "not_started" and after["events"] == []
    assert "p-mistake" not in [a["participant"] for a in
                               projections.status(sample_store, "2008-06-01")["active"]]


def _rows(text: str) -> list[list[str]]:
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _flat(value, prefix: str = "") -> dict[str, str]:
    """A known answer as the CSV writes it: dotted keys, JSON-typed text values."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items()
                for k, v in _flat(item, f"{prefix}.{key}" if prefix else key).items()}
    if isinstance(value, bool):
        return {prefix: "true" if value else "false"}
    return {prefix: "" if value is None else str(value)}


def _known(name: str):
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _stats_shown(table: str, rows: list[list[str]]) -> None:
    want = _known("stats-2008.json")
    assert ["All", "12", "33", "36.4%"] in _rows(table)  # the work-or-education rate, 12 of 33
    assert ["Somalia", "16", "20.8%"] in _rows(table)  # the largest country, 16 of 77
    assert rows[0] == ["figure", "group", "value"]
    got = {_dotted(figure, group): value for figure, group, value in rows[1:]}
    assert got.keys() == _flat(want).keys()
    for key, value in _flat(want).items():  # CSV rounds months to 0.1 and rates to 0.001
        if "." in value and value.replace(".", "", 1).isdigit():
            assert math.isclose(float(got[key]), float(value), abs_tol=0.05), key
        else:
            assert got[key] == value, key


def _dotted(figure: str, group: str) -> str:
    """A CSV row's dotted JSON key: each group key after the grouping key it belongs to."""
    groups = group.split(".") if group else []
    parts = []
    for part in figure.split("."):
        parts.append(part)
        if part == "projects" and groups:  # a project's name may hold dots: the whole group
            parts.append(".".join(groups))
            groups = []
        elif part in render.GROUPINGS and groups:
            parts.append(groups.pop(0))
    return ".".join(parts + groups)


def _status_shown(table: str, rows: list[list[str]]) -> None:
    active = [a["participant"] for a in _known("status-2008-12-31.json")["active"]]
    listed = table.split("\n\n")[1]  # the rows between the title and the summary
    assert [row[0] for row in _rows(listed)[1:]] == active
    assert [row[1] for row in rows[1:]] == active


def _caseload_shown(table: str, rows: list[list[str]]) -> None:
    counsellors = _known("caseload-2008-06-30.json")["counsellors"]
    blocks = [_rows(block) for block in table.split("\n\n")[1:]]
    assert [(b[0][0], [r[0] for r in b[2:]]) for b in blocks] == [
        (f"{c['counsellor']}: {c['active']} active, {c['suspended']} suspended", c["participants"])
        for c in counsellors]
    assert [(r[1], r[3]) for r in rows[1:]] == [  # one row per participant
        (c["counsellor"], p) for c in counsellors for p in c["participants"]]
    assert "! suspended" in table and "! no plan" in table
    assert "OVER CAPACITY" not in table


def _p00116() -> list[dict]:
    return [f for f in sample_facts() if f["participant"] == "p00116"]


def _show_shown(table: str, rows: list[list[str]]) -> None:
    # ev000514 (exit for health) was retracted by fx000776 and recorded again as fx000777
    in_force = sorted((f for f in _p00116() if f["id"] not in ("ev000514", "fx000776")),
                      key=lambda f: f["date"])
    shown = _rows(table)
    assert ["state", "Aborted"] in shown
    assert ["exit", "2008-03-24 kind: Aborted; by: Decision; reason: Other"] in shown
    events = table.split("Events in force\n")[1]
    assert [row[-1] for row in _rows(events)[1:]] == [f["id"] for f in in_force]
    # CSV: one row per event in force, the participant's state beside it
    assert [row[5] for row in rows[1:]] == [f["id"] for f in in_force]
    assert {row[1] for row in rows[1:]} == {"aborted"}


def _history_shown(table: str, rows: list[list[str]]) -> None:
    ids = [f["id"] for f in _p00116()]
    retracted = "by fx000776 at 2009-02-10T09:00:00+01:00"
    lines = _rows(table)[1:]
    assert [next(c for c in row if c in ids) for row in lines] == ids
    assert [(row[-2], row[-1]) for row in lines if row[-1].startswith("by ")] == [
        ("ev000514", retracted)]
    assert [row[5] for row in rows[1:]] == ids
    assert [(row[5], row[6], row[7]) for row in rows[1:] if row[6]] == [
        ("ev000514", "fx000776", "2009-02-10T09:00:00+01:00")]


def _explain_shown(table: str, rows: list[list[str]]) -> None:
    # at 2009-01-31 p00116's exit for health (ev000514) was not yet retracted
    lines = _rows(table)
    assert lines[0] == ["abort_reasons.health, 2008: 7 participants"]
    assert lines[1] == ["as known at 2009-01-31T00:00:00+01:00"]
    assert ["p00116", "ev000061 ev000514"] in lines
    assert rows[0] == ["participant", "events"] and len(rows) == 8
    assert ["p00116", "ev000061 ev000514"] in rows


def _changes_shown(table: str, rows: list[list[str]]) -> None:
    lines = _rows(table)
    assert lines[0] == ["Changes in stats 2008 from 2009-01-31T00:00:00+01:00 to now"]
    assert ["abort_reasons.health", "7", "0", "0", "7"] in lines
    assert ["abort_reasons.health", "7", "0", "", "NS-SKI.129 p00050 p00085 p00088 p00116 "
            "p00136 p00146"] in [r[:5] for r in rows]


def _access_shown(table: str, rows: list[list[str]]) -> None:
    assert table.splitlines()[0].split() == ["at", "user", "command", "participants"]
    assert table.splitlines()[1].split() == ["2026-01-01T10:00:00+01:00", "kari", "show",
                                             "p00116", "--date", "2008-12-31", "p00116", "p00117"]
    assert rows == [["at", "user", "command", "participants"],
                    ["2026-01-01T10:00:00+01:00", "kari", "show p00116 --date 2008-12-31",
                     "p00116 p00117"]]


SHOWN = {"stats": _stats_shown, "status": _status_shown, "caseload": _caseload_shown,
         "show": _show_shown, "history": _history_shown, "explain": _explain_shown,
         "changes": _changes_shown, "access-log": _access_shown}


@pytest.mark.parametrize("kind", render.KINDS)
def test_render_every_kind(sample_store, kind):
    """Each kind's table and CSV carry the known answer's figures, ids and order."""
    data = {
        "stats": lambda: projections.stats(sample_store, 2008),
        "status": lambda: projections.status(sample_store, "2008-12-31"),
        "caseload": lambda: projections.caseload_detail(sample_store, "2008-06-30"),
        "show": lambda: projections.show(sample_store, "p00116", "2008-12-31"),
        "history": lambda: projections.history(sample_store, "p00116"),
        "explain": lambda: projections.explain(sample_store, 2008, "abort_reasons.health",
                                               known_at="2009-01-31T00:00:00+01:00"),
        "changes": lambda: projections.changes(sample_store, 2008, "2009-01-31T00:00:00+01:00"),
        "access-log": lambda: [{"at": "2026-01-01T10:00:00+01:00", "user": "kari",
                                "command": "show p00116 --date 2008-12-31",
                                "participants": ["p00116", "p00117"]}],
    }[kind]()
    SHOWN[kind](render.table(kind, data), _csv(render.csv(kind, data)))


def test_render_csv_rows(sample_store):
    status = projections.status(sample_store, "2008-12-31")
    lines = render.csv("status", status).splitlines()
    assert len(lines) == 1 + len(status["active"])
    caseload = projections.caseload(sample_store, "2008-06-30")
    # one row per participant (cli.md), not per counsellor
    assert len(render.csv("caseload", caseload).splitlines()) == 1 + sum(
        len(c["participants"]) for c in caseload["counsellors"])


def test_log_reader_reads_what_facts_since_reads(sample_store):
    from store.application import Programme
    from projections.log import LogReader
    app = Programme(sample_store, "test")
    reader = LogReader(sample_store, app)
    assert reader.fast is not None
    for batch in (1, 7, 1000):
        position, slow, fast = 0, [], []
        while True:
            last, found = app.facts_since(position, batch)
            last2, found2 = reader.facts_since(position, batch)
            assert last == last2
            if last == position:
                break
            slow += found
            fast += found2
            position = last
        assert [(p, f) for p, f, _ in fast] == slow
        assert all(text is None or json.loads(text) == f for _, f, text in fast)


def test_views_path():
    assert projections.views_path("x/nysjanse.db") == "x/nysjanse.views.db"
    assert projections.views_path("store") == "store.views.db"
    pg = projections.views_path("postgresql://kari:secret@db.example:5433/nysjanse")
    # never in the current folder: the per-user data folder (tests: the session's)
    assert pg == os.path.join(os.environ["XDG_DATA_HOME"], "nysjanse",
                              "nysjanse-db.example-5433-nysjanse.views.db") and "secret" not in pg


def test_read_on_current_models_stays_light(sample_store):
    projections.stats(sample_store, 2008)  # caught up
    code = ("import sys, projections; projections.stats(sys.argv[1], 2008); "
            "projections.status(sys.argv[1], '2008-12-31'); "
            "print(sorted(m for m in ('eventsourcing', 'store.application', 'sqlite_utils', "
            "'projections.updater', 'projections.folding', 'projections.log') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, sample_store], capture_output=True,
                         text=True, check=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    assert out.stdout.strip() == "[]"


def test_absent_store_reads_empty_without_writing(tmp_path):
    db = str(tmp_path / "none.db")
    s = projections.stats(db, 2008)
    assert s["participants"] == 0 and s["work_or_education_rate"] is None
    assert s["year_end"]["average_months"] is None
    assert s["by_gender"] == {"F": 0, "M": 0} and s["projects"] == {}
    assert projections.status(db, "2008-12-31")["active"] == []
    assert not os.path.exists(db) and not os.path.exists(projections.views_path(db))


def _copy(source: str, db: str) -> str:
    from tests.conftest import open_db
    src, dst = open_db(source), open_db(db)
    src.backup(dst)
    src.close()
    dst.close()
    return db


@pytest.mark.parametrize("read", ["query", "catch_up"])
def test_a_stale_look_at_the_store_does_not_rebuild(sample_store, tmp_path, monkeypatch, read):
    """A reader looks at the store's last position; before it opens the read models, a
    caseworker records an event and another reader catches the models up past what the first
    one saw. Ahead of its look is not ahead of the store: it must use them, not rebuild."""
    from store.application import Programme
    from projections.store import catch_up
    from tests.conftest import intake, open_db
    db = _copy(sample_store, str(tmp_path / "store.db"))
    views = str(tmp_path / "stale.views.db")
    before = projections.rebuild(db, views=views)
    looks: list[tuple] = []
    real = projections.store.store_head

    def look_then_others_move(path, key=None):
        head = real(path, key)
        if not looks:  # the first look at the store; the others move on right after it
            looks.append(head)
            Programme(db, "kari").record(intake("late", "2008-12-01", counsellor="c-late"))
            after = catch_up(db, views)
            looks.append(after)
            conn = open_db(views)
            with conn:  # a rebuild drops it; a catch-up or a read at `after` keeps it
                conn.execute("INSERT INTO figures VALUES ('marker', ?, '1')", (after,))
            conn.close()
        return head
    # every module of the read side that looks at the store's head
    patched = [name for name, module in list(sys.modules.items())
               if name.startswith("projections") and hasattr(module, "store_head")]
    for name in patched:
        monkeypatch.setattr(sys.modules[name], "store_head", look_then_others_move)
    assert "projections.store" in patched
    if read == "query":
        assert projections.stats(db, 2008, views=views)["participants"] == 78  # the late one too
    else:
        assert catch_up(db, views) == looks[1]
    assert looks[0][0] == before < looks[1]  # the look was stale: behind the read models
    conn = open_db(views)
    assert conn.execute("SELECT data FROM figures WHERE key = 'marker'").fetchone() == ("1",)
    conn.close()


def test_read_models_of_a_replaced_store_are_rebuilt(sample_store, tmp_path):
    from store.application import Programme
    from tests.conftest import intake, open_db
    db = str(tmp_path / "store.db")
    app = Programme(db, "test")
    app.record(intake("only-one", "2008-03-01"))
    assert projections.stats(db, 2008)["participants"] == 1
    del app
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    src, dst = open_db(sample_store), open_db(db)
    src.backup(dst)  # another store, with more events, under the same name
    src.close()
    dst.close()
    want = json.loads((EXAMPLES / "stats-2008.json").read_text(encoding="utf-8"))
    assert differences(want, projections.stats(db, 2008)) == []
