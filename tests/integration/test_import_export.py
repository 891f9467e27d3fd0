"""Import and export against a real SQLite store: all or nothing, idempotent, byte-stable."""
import json

import pytest

from store.application import Programme
from store.transfer import ImportRefused, export_lines, import_lines
from tests.conftest import SAMPLE, fact, intake


def export(app, known_at=None) -> str:
    return "".join(line + "\n" for line in export_lines(app, known_at))


def lines(*facts) -> list[str]:
    return [json.dumps(f) for f in facts]


@pytest.fixture
def sample_app(app):
    with open(SAMPLE, encoding="utf-8") as source:
        result = import_lines(app, source, "importer")
    assert result.written == 1167 and len(result.participants) == 161
    return app


def test_sample_imports_and_reimport_changes_nothing(sample_app):
    before = export(sample_app)
    with open(SAMPLE, encoding="utf-8") as source:
        again = import_lines(sample_app, source, "importer")
    assert (again.written, again.skipped) == (0, 1167)
    assert export(sample_app) == before


def test_export_reimports_to_a_byte_identical_export(sample_app, tmp_path):
    first = export(sample_app)
    other = Programme(str(tmp_path / "other.db"), "someone-else")
    import_lines(other, first.splitlines(), "someone-else")
    assert export(other) == first
    assert len(first.splitlines()) == 1167


def test_defaults_are_filled_once_and_kept(sample_app):
    mistake = next(json.loads(l) for l in export(sample_app).splitlines() if "mistake-intake" in l)
    assert mistake["recorded_by"] == "importer"  # the line had no recorded_by


def test_export_known_at_leaves_out_what_was_recorded_later(sample_app):
    at = "2009-01-31T00:00:00+01:00"
    known = [json.loads(l) for l in export(sample_app, at).splitlines()]
    assert known and all(l["recorded_at"] <= "2009-01-31" for l in known)
    assert not any(l["id"] == "fx000776" for l in known)  # the corrections came on 2009-02-10
    assert len(known) < 1167


def test_a_bad_file_writes_nothing_and_names_each_bad_line(sample_app):
    before = export(sample_app)
    bad = [
        json.dumps(intake("n1", day="2008-05-01")),             # 1 fine on its own
        "{not json",                                              # 2
        json.dumps({**intake("n2"), "colour": "red"}),            # 3 unknown field
        json.dumps(fact("plan", "n1", day="2008-04-01", measures=["norwegian"])),  # 4 before intake
        json.dumps(intake("n3", assistance_since="2008-01-01")),  # 5 not eligible
        "",                                                       # 6 blank: ignored
        json.dumps(fact("exit", "p00158", day="2008-06-01", kind="aborted", by="participant",
                        reason="moved")),                         # 7 p00158 left in 2006
    ]
    with pytest.raises(ImportRefused) as refused:
        import_lines(sample_app, bad, "kari")
    assert [e.split(":")[0] for e in refused.value.errors] == ["line 2", "line 3", "line 4",
                                                               "line 5", "line 7"]
    assert "unknown field colour" in refused.value.errors[1]
    assert "not eligible" in refused.value.errors[3]
    assert export(sample_app) == before


def test_the_same_id_with_other_content_is_an_error(sample_app):
    first = json.loads(export(sample_app).splitlines()[0])
    changed = {**first, "country": "IQ"}
    with pytest.raises(ImportRefused) as refused:
        import_lines(sample_app, lines(changed), "kari")
    assert refused.value.errors == ["line 1: id ev000000 is already stored with other content"]


def test_many_bad_lines_show_twenty_and_count_the_rest(app):
    with pytest.raises(ImportRefused) as refused:
        import_lines(app, ["nope"] * 25, "kari")
    assert len(refused.value.errors) == 20 and refused.value.count == 25
    assert app.max_position() == 0


def test_a_rule_is_checked_against_lines_before_it_and_the_store(app):
    import_lines(app, lines(*[intake(f"s{i}") for i in range(14)]), "kari")
    with pytest.raises(ImportRefused) as refused:
        import_lines(app, lines(intake("s14"), intake("s15")), "kari")
    assert refused.value.errors == [
        "line 2: counsellor c7 already has 15 active participants on 2008-03-01"]
    assert app.max_position() == 29  # 14 intakes, c7 started + 14 assignments; nothing more


def test_import_then_record_continues_the_same_aggregates(app):
    import_lines(app, lines(intake()), "kari")
    stored = app.record(fact("plan", day="2008-03-02", measures=["norwegian"]))
    assert [f["type"] for f in app.history("p1").facts] == ["intake", "plan"]
    assert app.participant_of(stored["id"]) == "p1"
