"""`nysjanse verify` and the head the stats table and the report state, through CliRunner.

The expected heads are computed here from the SQLite file with hmac alone, following the
definition in docs/audit.md, not with store.chain: the writer, verify and this reading must
agree.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re

import pytest
from click.testing import CliRunner

from cli import cli
from domain.values import utc_key
from store import keys
from tests.conftest import SAMPLE

ALTERED = ("the record or its chain entry is not as nysjanse wrote it: changed, moved, removed "
           "before it, or chained with another key")


def open_store(db: str):
    """The store as nysjanse opens it: SQLCipher, keyed with the per-user default key."""
    from store import sqlcipher
    return sqlcipher.connect(db, keys.find()[0])


def independent_heads(db: str) -> dict[int, str]:
    """{position: digest hex} recomputed from the stored records (docs/audit.md)."""
    key = keys.read(keys.default_path()).derive(keys.CHAIN)
    conn = open_store(db)
    conn.text_factory = bytes
    previous, heads = bytes(32), {}
    for row in conn.execute("SELECT rowid, typeof(originator_id), originator_id, "
                            "typeof(originator_version), originator_version, typeof(topic), "
                            "topic, typeof(state), state FROM stored_events ORDER BY rowid"):
        message = b"nysjanse chain 1\n" + previous + row[0].to_bytes(8, "big", signed=True)
        for kind, value in zip(row[1::2], row[2::2]):
            data = str(value).encode() if isinstance(value, int) else value
            message += kind[:1] + len(data).to_bytes(8, "big") + data
        previous = hmac.new(key, message, hashlib.sha256).digest()
        heads[row[0]] = previous.hex()
    conn.close()
    return heads


@pytest.fixture
def sample(cli_env):
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(SAMPLE)]).exit_code == 0

    def run(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return run


def test_verify_gives_the_head_of_an_untouched_log(sample, cli_env):
    heads = independent_heads(cli_env["NYSJANSE_DB"])
    last = max(heads)
    table = sample("verify")
    assert (table.exit_code, table.stderr) == (0, "")
    assert table.stdout == (f"intact: {len(heads)} events, each chained to the one before\n"
                            f"head: {last}:{heads[last]}\n")
    as_json = sample("verify", "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (
        0, {"ok": True, "position": last, "digest": heads[last]})


def test_verify_names_the_position_of_a_changed_record(sample, cli_env):
    db = cli_env["NYSJANSE_DB"]
    conn = open_store(db)
    changed = conn.execute("SELECT MIN(rowid) FROM stored_events WHERE "
                           "instr(state, CAST('\"kind\":\"completed\"' AS BLOB)) > 0").fetchone()[0]
    conn.execute("UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
                 "'\"kind\":\"completed\"', '\"kind\":\"aborted\"') AS BLOB) WHERE rowid = ?",
                 (changed,))  # an exit made an abort: the figures would change
    conn.commit()
    conn.close()
    table = sample("verify")
    assert (table.exit_code, table.stdout, table.stderr) == (
        1, f"broken at position {changed}: {ALTERED}\n", "")
    as_json = sample("verify", "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (
        1, {"ok": False, "position": changed, "problem": ALTERED})


def test_the_stats_table_states_the_head_verify_takes(sample, cli_env):
    heads = independent_heads(cli_env["NYSJANSE_DB"])
    last = max(heads)
    line = sample("stats", "2008").stdout.splitlines()[-1]
    assert line == f"Log head: {last}:{heads[last][:16]} (nysjanse verify --head)"
    given = line.split()[2]
    checked = sample("verify", "--head", given)
    assert (checked.exit_code, checked.stdout.splitlines()[-1]) == (
        0, f"the head given, {given}, is still in the log")


@pytest.mark.parametrize("known_at", ["2009-01-31T00:00:00+01:00", "2008-06-30T00:00:00+02:00",
                                      "2000-01-01T00:00:00Z"])
def test_the_head_known_at_a_time_is_the_last_fact_known_then(sample, cli_env, known_at):
    db = cli_env["NYSJANSE_DB"]
    heads = independent_heads(db)
    conn = open_store(db)
    limit = utc_key(known_at)
    known = [rowid for rowid, state in conn.execute(
        "SELECT rowid, state FROM stored_events ORDER BY rowid")
        if "fact" in json.loads(state) and
        utc_key(json.loads(state)["fact"]["recorded_at"]) <= limit]
    conn.close()
    position = max(known, default=0)
    digest = heads.get(position, "0" * 64)
    line = sample("stats", "2008", "--known-at", known_at).stdout.splitlines()[-1]
    assert line == f"Log head: {position}:{digest[:16]} (nysjanse verify --head)"
    assert sample("verify", "--head", f"{position}:{digest}").exit_code == 0


def test_the_report_footer_states_the_head(sample, cli_env, tmp_path):
    heads = independent_heads(cli_env["NYSJANSE_DB"])
    last = max(heads)
    out = tmp_path / "r.html"
    assert sample("report", "2008", "-o", str(out), "--lang", "en").exit_code == 0
    footer = re.search(r'<p id="log-head" data-position="(\d+)" data-digest="([0-9a-f]*)">'
                       r'([^<]*)</p>', out.read_text(encoding="utf-8"))
    assert footer.groups() == (
        str(last), heads[last],
        f"Computed from the event log up to position {last}, whose chain digest is {heads[last]} "
        f"(checked with “nysjanse verify --head {last}:{heads[last]}”)")


def test_a_head_cut_off_the_end_is_named(sample, cli_env):
    db = cli_env["NYSJANSE_DB"]
    heads = independent_heads(db)
    last = max(heads)
    conn = open_store(db)
    conn.execute("DELETE FROM stored_events WHERE rowid = ?", (last,))
    conn.execute("DELETE FROM nysjanse_chain WHERE position = ?", (last,))
    conn.commit()
    conn.close()
    assert sample("verify").exit_code == 0  # the chain alone cannot see a cut end
    cut = sample("verify", "--head", f"{last}:{heads[last]}")
    assert (cut.exit_code, cut.stdout) == (
        1, f"broken at position {last}: the log ends at position {last - 1}, before the head "
           f"given: records were cut off its end\n")


@pytest.mark.parametrize("head", ["12", "12:abc", "x:" + "a" * 16, "12:" + "a" * 20, ""])
def test_a_malformed_head_is_a_usage_error(sample, head):
    result = sample("verify", "--head", head)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.endswith(
        f"Error: Invalid value for '--head': {head!r} is not POSITION:DIGEST (the digest in 64 "
        f"hexadecimal digits, or its first 16)\n")


def test_verify_without_the_key_or_the_store_says_so(sample, cli_env, monkeypatch, tmp_path):
    missing = tmp_path / "nowhere.key"
    monkeypatch.setenv("NYSJANSE_KEY_FILE", str(missing))
    result = sample("verify")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"error: the store {cli_env['NYSJANSE_DB']} needs its master key, and the key file "
               f"{missing} does not exist (name the key file with --key-file or "
               f"NYSJANSE_KEY_FILE)\n")
    monkeypatch.delenv("NYSJANSE_KEY_FILE")
    absent = str(tmp_path / "absent.db")
    result = sample("verify", "--db", absent)
    assert (result.exit_code, result.stderr) == (
        1, f"error: no store at {absent}: import or record events first\n")


def test_another_key_does_not_open_the_store(sample, cli_env, monkeypatch, tmp_path):
    """(On PostgreSQL it would break the chain at the first record: tests/integration.)"""
    other = keys.write_new(tmp_path / "other.key")
    monkeypatch.setenv("NYSJANSE_KEY_FILE", other.path)
    result = sample("verify")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"error: the key in {other.path} does not open ")
