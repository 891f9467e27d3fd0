"""The report's appendix of figures changed since a time (`report --changes-since`): the rows
of `nysjanse changes`, in the report's own read."""
import json
import re
from html import unescape

import pytest

from projections import queries
from report.build import build_report
from tests.conftest import EXAMPLES

SMALL = EXAMPLES / "audit-small.jsonl"
T1 = "2009-01-31T00:00:00+01:00"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from store.application import Programme
    from store.transfer import import_facts
    db = str(tmp_path_factory.mktemp("small") / "store.db")
    import_facts(Programme(db, "test"), [json.loads(line) for line in
                                         SMALL.read_text(encoding="utf-8").splitlines()], "test")
    return db


def appendix(html: str) -> str | None:
    found = re.search(r'<section class="chapter" id="endringer">(.*?)</section>', html)
    return found and found.group(1)


def cells(section: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", section)
    return [[unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)] for r in rows]


def test_the_appendix_is_the_changes_since(store):
    html = build_report(store, 2008, lang="en", changes_since=T1)
    section = appendix(html)
    assert f"Appendix: figures changed since {T1}" in section
    want = queries.changes(store, 2008, T1)["changes"]
    assert cells(section)[1:] == [
        [c["figure"], "–" if c["before"] is None else json.dumps(c["before"]),
         "–" if c["after"] is None else json.dumps(c["after"]),
         " ".join(c["participants_added"]), " ".join(c["participants_removed"]),
         " ".join(c["events"])] for c in want]
    assert ["exit_types.completed", "0", "1", "p2", "", "a3"] in cells(section)
    assert 'href="#endringer"' in html


def test_no_appendix_unless_asked(store):
    assert appendix(build_report(store, 2008)) is None


def test_nothing_changed_says_so(store):
    html = build_report(store, 2008, changes_since="2010-01-01T00:00:00Z")
    assert "Ingen tall er endret." in appendix(html)


def test_as_known_then_compares_with_then(store):
    html = build_report(store, 2008, known_at="2009-02-20T00:00:00+01:00", changes_since=T1)
    rows = cells(appendix(html))
    assert ["exit_types.completed", "0", "1", "p2", "", "a3"] in rows
    assert not any(r[0] == "abort_reasons.other" for r in rows)  # corrected only in March


def test_since_after_known_at_is_refused(store):
    with pytest.raises(ValueError, match="--changes-since .* is later than --known-at"):
        build_report(store, 2008, known_at=T1, changes_since="2010-01-01T00:00:00Z")
