"""Erasure (privacy.md): a participant's id and personal values go for good, the statistics stay.

A store of a few hundred participants (the sample, plus a copy of it under other ids and
counsellors), with one participant P recorded through the command line with a note and a
retraction reason that appear nowhere else. After `erase P`: every `stats` JSON is identical
for several years and knowledge times, status and caseload keep their counts with P under one
pseudonym, show/history say when P was erased, nothing more can be recorded for P, P's id and
free text are in no file (raw bytes, and every row of every table read through the database),
and the export re-imports into an empty store with the same statistics. Then the same on
PostgreSQL.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import SAMPLE, open_db

P = "p-erase-me-77"
NOTE = "NOTE-only-of-P-7731"
WHY = "WHY-only-of-P-4419"
YEARS = (2005, 2006, 2007, 2008, 2009)
KNOWN = (None, "2008-06-30T00:00:00+02:00", "2009-01-31T00:00:00+01:00")
DAYS = ("2007-12-31", "2008-06-30", "2008-12-31")


def copy_of_sample() -> list[str]:
    """The sample again under other participant ids, event ids and counsellors: twice the
    participants, with no counsellor over the cap."""
    lines = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        fact = json.loads(line)
        fact["participant"] = "copy-" + fact["participant"]
        for key in ("id", "event"):
            if key in fact:
                fact[key] = "copy-" + fact[key]
        if "counsellor" in fact:
            fact["counsellor"] = "copy-" + fact["counsellor"]
        lines.append(json.dumps(fact, ensure_ascii=False))
    return lines


def record_p(run) -> None:
    """P: an intake, a plan, an absence with a note, a wrongly recorded absence retracted."""
    assert run("intake", P, "--project", "Bergen", "--counsellor", "c-erase", "--gender", "F",
               "--country", "SO", "--resident-since", "2003-02-01", "--assistance-since",
               "2006-11-15", "--birth-year", "1969", "--date", "2008-02-01").exit_code == 0
    assert run("plan", P, "--measure", "norwegian", "--goal", "work",
               "--date", "2008-02-10").exit_code == 0
    assert run("absence", P, "--days", "2", "--invalid", "--note", NOTE,
               "--date", "2008-03-03").exit_code == 0
    wrong = run("absence", P, "--days", "1", "--valid", "--date", "2008-03-10")
    assert wrong.exit_code == 0
    assert run("retract", wrong.stdout.strip(), "--reason", WHY,
               "--date", "2008-03-11").exit_code == 0


def figures(run, db: str | None = None) -> dict:
    """Every figure compared before and after: stats for each year and knowledge time, status
    and caseload on several days (JSON as printed)."""
    extra = ["--db", db] if db else []
    out = {}
    for year in YEARS:
        for known in KNOWN:
            args = ["stats", str(year), "--format", "json", *extra]
            if known:
                args += ["--known-at", known]
            result = run(*args)
            assert result.exit_code == 0, result.output
            out[("stats", year, known)] = result.stdout
    for day in DAYS:
        for kind in ("status", "caseload"):
            result = run(kind, "--date", day, "--format", "json", *extra)
            assert result.exit_code == 0, result.output
            out[(kind, day)] = json.loads(result.stdout)
    return out


@pytest.fixture
def store_with_p(cli_env, tmp_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    copy = tmp_path / "copy.jsonl"
    copy.write_text("\n".join(copy_of_sample()) + "\n", encoding="utf-8")
    assert run("import", SAMPLE).exit_code == 0
    assert run("import", copy).exit_code == 0
    record_p(run)
    return run


def names_in(listing) -> list[str]:
    if "active" in listing:
        return [e["participant"] for e in listing["active"]]
    return [p for c in listing["counsellors"] for p in c["participants"]]


def without(listing, who: str, instead: str):
    """A status or caseload answer with one participant's name replaced (and sorted again)."""
    text = json.dumps(listing).replace(json.dumps(who), json.dumps(instead))
    data = json.loads(text)
    if "active" in data:
        data["active"].sort(key=lambda e: e["participant"])
    else:
        for c in data["counsellors"]:
            c["participants"].sort()
    return data


def every_row(path: str) -> str | None:
    """Every row of every table of one of nysjanse's files, read through the database with the
    key, as text (None for a file that is no such database)."""
    try:
        conn = open_db(path)
    except Exception:  # noqa: BLE001 - not a database of ours (a JSON Lines file)
        return None
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(repr(row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"'))
    finally:
        conn.close()


def secrets_in_files(folder, secrets: tuple[str, ...]) -> list[str]:
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        raw = open(path, "rb").read()
        for secret in secrets:
            if secret.encode() in raw:
                found.append(f"{name}: raw bytes hold {secret}")
        rows = None if name.endswith(("-wal", "-shm", "-journal")) else every_row(path)
        if rows is not None:
            found += [f"{name}: a row holds {secret}" for secret in secrets if secret in rows]
    return found


def test_erase_keeps_every_figure_and_leaves_no_trace(store_with_p, cli_env, tmp_path):
    run = store_with_p
    db = cli_env["NYSJANSE_DB"]
    assert run("show", P, "--date", "2008-12-31").exit_code == 0
    before = figures(run)
    assert P in names_in(before[("status", "2008-06-30")])
    assert len(names_in(before[("status", "2008-12-31")])) > 60
    assert secrets_in_files(tmp_path, (P, NOTE, WHY))  # the check can see them: they are there

    erased = run("erase", P, "--reason", "asked to be forgotten")
    assert erased.exit_code == 0, erased.output
    pseudonym = re.fullmatch(rf"erased {P}; now (ps-[0-9a-f]{{16}})\n", erased.stdout).group(1)

    after = figures(run)
    for key, value in before.items():
        if key[0] == "stats":
            assert after[key] == value, key  # the very same bytes
        else:
            assert after[key] == without(value, P, pseudonym), key
    assert P not in json.dumps(list(after.values()))
    assert pseudonym in names_in(after[("status", "2008-06-30")])

    day = erased_day(db)
    for command in (["show", P, "--date", "2008-12-31"], ["history", P]):
        result = run(*command)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == f"error: {P} was erased on {day} by kari: asked to be forgotten\n"

    assert secrets_in_files(tmp_path, (P, NOTE, WHY)) == []
    # a rebuild from the events brings nothing back
    assert run("rebuild").exit_code == 0
    assert secrets_in_files(tmp_path, (P, NOTE, WHY)) == []
    assert figures(run) == after


def erased_day(db: str) -> str:
    conn = open_db(db)
    try:
        states = [r[0] for r in conn.execute("SELECT state FROM stored_events")]
    finally:
        conn.close()
    for state in states:
        fact = json.loads(state).get("fact", {})
        if fact.get("type") == "erasure":
            return fact["date"]
    raise AssertionError("no erasure stored")


def test_nothing_more_is_recorded_for_an_erased_participant(store_with_p):
    import time
    from datetime import datetime, timezone
    run = store_with_p
    time.sleep(1.1)  # recorded_at has whole seconds: a moment after P's facts, before the erasure
    between = datetime.now(timezone.utc).isoformat(timespec="seconds")
    time.sleep(1.1)
    pseudonym = run("erase", P, "--reason", "retention ended").stdout.split()[-1]
    for who in (P, pseudonym):
        result = run("plan", who, "--measure", "education", "--date", "2008-06-01")
        assert (result.exit_code, result.stdout) == (1, ""), who
        assert result.stderr.count("\n") == 1 and "erased" in result.stderr
    intake = run("intake", P, "--project", "Bergen", "--counsellor", "c-other", "--gender", "F",
                 "--country", "SO", "--resident-since", "2003-02-01", "--assistance-since",
                 "2006-11-15", "--date", "2008-02-01")
    assert intake.exit_code == 1 and intake.stderr == f"refused: {P} was erased; nothing more " \
                                                      f"can be recorded for them\n"
    # --known-at before the erasure does not bring P back
    early = run("status", "--date", "2008-06-30", "--known-at", between, "--format", "json")
    assert P not in early.stdout and pseudonym in early.stdout


@pytest.mark.parametrize("args, message", [
    (["erase", "nobody-77", "--reason", "x"], "error: no participant 'nobody-77' is known\n"),
    (["erase", P, "--reason", "  "], "invalid: reason must not be empty or blank\n"),
])
def test_hostile_erasures_are_refused_in_one_sentence(store_with_p, args, message):
    result = store_with_p(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_an_erasure_is_refused_twice_and_by_pseudonym(store_with_p):
    run = store_with_p
    pseudonym = run("erase", P, "--reason", "asked").stdout.split()[-1]
    again = run("erase", P, "--reason", "asked again")
    assert (again.exit_code, again.stderr) == (1, f"refused: {P} is already erased\n")
    by_pseudonym = run("erase", pseudonym, "--reason", "asked")
    assert (by_pseudonym.exit_code, by_pseudonym.stderr) == (
        1, f"refused: {pseudonym} is the pseudonym of an erased participant; nothing can be "
           f"recorded for them\n")
    live = run("status", "--date", "2008-12-31", "--format", "json")
    other = json.loads(live.stdout)["active"][0]["participant"]
    from store.application import Programme
    live_pseudonym = Programme(os.environ["NYSJANSE_DB"]).entry(other).pseudonym
    result = run("erase", live_pseudonym, "--reason", "asked")
    assert (result.exit_code, result.stderr) == (
        1, f"refused: {live_pseudonym} is a pseudonym, not a participant's id\n")
    missing = run("erase", P)
    assert missing.exit_code == 2  # --reason is required: a usage error


def test_the_export_reimports_to_the_same_statistics(store_with_p, tmp_path):
    run = store_with_p
    pseudonym = run("erase", P, "--reason", "asked").stdout.split()[-1]
    exported = run("export")
    assert exported.exit_code == 0
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    mine = [f for f in lines if f["participant"] == pseudonym]
    assert [f["type"] for f in mine] == ["intake", "plan", "absence", "absence", "retraction",
                                         "erasure"]
    assert all(f.get("erased") is True for f in mine[:-1]) and "erased" not in mine[-1]
    assert mine[-1]["reason"] == "asked" and mine[-1]["recorded_by"] == "kari"
    for personal in ("birth_year", "resident_since", "assistance_since", "note"):
        assert not any(personal in f for f in mine)
    assert "reason" not in mine[4]
    assert P not in exported.stdout and NOTE not in exported.stdout and WHY not in exported.stdout
    file = tmp_path / "export.jsonl"
    file.write_text(exported.stdout, encoding="utf-8")
    other = str(tmp_path / "other" / "store.db")
    os.makedirs(os.path.dirname(other))
    assert run("import", file, "--db", other).exit_code == 0
    original = figures(run)
    copy = figures(run, other)
    assert {k: v for k, v in copy.items() if k[0] == "stats"} == \
        {k: v for k, v in original.items() if k[0] == "stats"}
    for key in original:
        if key[0] != "stats":
            assert len(names_in(copy[key])) == len(names_in(original[key]))
    again = run("export", "--db", other)
    assert again.stdout == exported.stdout  # the erased facts round-trip unchanged
    shown = run("show", pseudonym, "--db", other, "--date", "2008-12-31")
    assert shown.exit_code == 1 and "was erased" in shown.stderr
    refused = run("plan", pseudonym, "--db", other, "--measure", "education")
    assert refused.exit_code == 1 and "erased" in refused.stderr


def test_an_erased_intake_is_imported_without_its_personal_fields_and_checks(cli_env, tmp_path):
    runner = CliRunner()
    lines = [
        {"type": "intake", "participant": "ps-00000000000000aa", "date": "2008-01-10",
         "project": "Bergen", "counsellor": "c1", "gender": "M", "country": "SO",
         "id": "x1", "recorded_at": "2008-01-11T10:00:00+01:00", "erased": True},
        {"type": "erasure", "participant": "ps-00000000000000aa", "date": "2009-01-01",
         "reason": "asked", "id": "x2", "recorded_at": "2009-01-01T10:00:00+01:00"},
    ]
    file = tmp_path / "e.jsonl"
    file.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = runner.invoke(cli, ["import", str(file)])
    assert result.exit_code == 0, result.output
    # personal fields on an erased intake, an erased follow-up of a live participant, and a
    # live participant's erasure are refused; every other rule still applies
    bad = [
        {**lines[0], "participant": "ps-00000000000000bb", "id": "y1", "birth_year": 1970},
        {**lines[0], "participant": "ps-00000000000000cc", "id": "y2", "gender": "X"},
        {"type": "erasure", "participant": "ps-00000000000000aa", "date": "2009-02-01",
         "reason": "again", "id": "y3", "recorded_at": "2009-02-01T10:00:00+01:00"},
    ]
    file.write_text("\n".join(json.dumps(x) for x in bad) + "\n")
    refused = runner.invoke(cli, ["import", str(file)])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[:3] == [
        "line 1: an erased intake holds no personal fields, but this one has birth_year",
        "line 2: gender must be one of F, M, not 'X'",
        "line 3: ps-00000000000000aa was erased on 2009-01-01; nothing more can be recorded "
        "for them",
    ]


def pg_rows(url: str) -> str:
    """Every row of every table of the PostgreSQL database, as text."""
    import psycopg
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")]
        return "\n".join(repr(row) for t in tables
                         for row in conn.execute(f'SELECT * FROM "{t}"').fetchall())


def test_erasure_on_postgresql(pg_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NYSJANSE_DB", pg_url)
    monkeypatch.setenv("NYSJANSE_USER", "kari")
    monkeypatch.delenv("NYSJANSE_VIEWS", raising=False)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert run("import", SAMPLE).exit_code == 0
    record_p(run)
    # the id and the note are never in a row, not even before the erasure: only sealed
    assert P not in pg_rows(pg_url) and NOTE not in pg_rows(pg_url)
    assert run("show", P, "--date", "2008-12-31").exit_code == 0
    before = figures(run)
    erased = run("erase", P, "--reason", "asked to be forgotten")
    assert erased.exit_code == 0, erased.output
    pseudonym = erased.stdout.split()[-1]
    after = figures(run)
    for key, value in before.items():
        assert after[key] == (value if key[0] == "stats" else without(value, P, pseudonym)), key
    shown = run("history", P)
    assert shown.exit_code == 1 and shown.stderr.startswith(f"error: {P} was erased on ")
    assert shown.stderr.endswith(" by kari: asked to be forgotten\n")
    rows = pg_rows(pg_url)
    assert P not in rows and NOTE not in rows and WHY not in rows
    import projections
    views = projections.views_path(pg_url)
    assert secrets_in_files(os.path.dirname(os.path.abspath(views)), (P, NOTE, WHY)) == []
    # nothing kept leads from P's id to the pseudonym: the log is searched by the pseudonym
    by_id = run("access-log", "--participant", P)
    assert (by_id.exit_code, by_id.stdout) == (1, "")
    assert by_id.stderr.startswith(f"error: {P} was erased on ")
    assert by_id.stderr.endswith(" by kari: asked to be forgotten; the access log names them "
                                 "by their pseudonym\n")
    log = json.loads(run("access-log", "--participant", pseudonym, "--format", "json").stdout)
    assert log[0] == {**log[0], "command": f"show {pseudonym} --date 2008-12-31",
                      "participants": [pseudonym]}
    # show; then status and caseload on the two days P is active, before and after
    assert len(log) == 1 + 2 * 2 * 2
    assert all(pseudonym in e["participants"] and P not in json.dumps(e) for e in log)
    # the export re-imports into an empty SQLite store with the same statistics
    exported = run("export")
    file = tmp_path / "e.jsonl"
    file.write_text(exported.stdout, encoding="utf-8")
    other = str(tmp_path / "copy.db")
    assert run("import", file, "--db", other).exit_code == 0
    copy = figures(run, other)
    assert {k: v for k, v in copy.items() if k[0] == "stats"} == \
        {k: v for k, v in after.items() if k[0] == "stats"}
