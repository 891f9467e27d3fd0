"""The interchange format: every bad input events.md names is refused with a plain reason."""
import pytest

from domain import facts as fmt
from tests.conftest import fact, intake


def test_a_complete_intake_is_valid():
    assert fmt.validate(intake()) == intake()


@pytest.mark.parametrize("line, reason", [
    ([], "a line must be a JSON object"),
    ({"participant": "p1", "date": "2008-01-01"}, "type is missing"),
    (fact("holiday"), "unknown type 'holiday'"),
    ({**intake(), "colour": "red"}, "unknown field colour for type intake"),
    ({"type": "plan", "date": "2008-01-01", "measures": ["norwegian"]}, "participant is missing"),
    (fact("plan", participant="p 1", measures=["norwegian"]), "participant must be 1-64 characters"),
    (fact("plan", participant="x" * 65, measures=["norwegian"]), "participant must be 1-64 characters"),
    (fact("plan", day="2008-02-30", measures=["norwegian"]), "is not a calendar date"),
    (fact("plan", day="1.2.2008", measures=["norwegian"]), "date must be a date YYYY-MM-DD"),
    ({k: v for k, v in intake().items() if k != "project"}, "project is missing for type intake"),
    (intake(gender="K"), "gender must be one of F, M"),
    (intake(country="so"), "country must be an ISO 3166-1 alpha-2 code"),
    (intake(birth_year="1975"), "birth_year must be a year"),
    (intake(intro_programme="maybe"), "intro_programme must be one of"),
    (intake(assistance_since="2007"), "assistance_since must be a date"),
    (fact("plan", measures=[]), "measures must be a non-empty list"),
    (fact("plan", measures=["norwegian", "norwegian"]), "measures must be distinct"),
    (fact("plan", measures=["knitting"]), "measure must be one of"),
    (fact("plan", measures=["norwegian"], goal="pension"), "goal must be one of work, education"),
    (fact("absence", days=0, valid=True), "days must be more than 0"),
    (fact("absence", days=32, valid=True), "at most 31"),
    (fact("absence", days=1.3, valid=True), "in steps of 0.5"),
    (fact("absence", days=True, valid=True), "days must be a number"),
    (fact("absence", days=1, valid="yes"), "valid must be true or false"),
    (fact("suspension", reason="holiday"), "reason must be one of parental_leave"),
    (fact("exit", kind="finished"), "kind must be one of completed, aborted"),
    (fact("exit", kind="completed"), "outcome is missing for a completed exit"),
    (fact("exit", kind="completed", outcome="job", ), "outcome must be one of"),
    (fact("exit", kind="aborted", reason="health"), "by is missing for an aborted exit"),
    (fact("exit", kind="aborted", by="participant"), "reason is missing for an aborted exit"),
    (fact("exit", kind="aborted", by="participant", reason="health", outcome="education"),
     "outcome only belongs to a completed exit"),
    (fact("exit", kind="completed", outcome="education", by="decision"),
     "by only belong to an aborted exit"),
    (fact("follow_up", months=3, employed=True), "months must be 6 or 12"),
    (fact("follow_up", months=6, employed=True, industry="mining"), "industry must be one of"),
    (fact("retraction", event="e1"), "reason is missing for type retraction"),
    (fact("retraction", event="e 1", reason="x"), "event must be 1-64 characters"),
    ({**intake(), "id": "no spaces"}, "id must be 1-64 characters"),
    ({**intake(), "recorded_at": "2008-03-01"}, "recorded_at must be an RFC 3339 timestamp"),
    ({**intake(), "recorded_at": "2008-03-01T10:00:00"}, "must be an RFC 3339 timestamp"),
    ({**intake(), "recorded_at": "2008-02-28T10:00:00+01:00"}, "is after the date it was recorded"),
])
def test_bad_input_is_named(line, reason):
    with pytest.raises(fmt.InvalidFact) as refused:
        fmt.validate(line)
    assert reason in str(refused.value)


def test_recorded_late_on_the_same_day_is_fine():
    assert fmt.validate({**intake(day="2008-03-01"), "recorded_at": "2008-03-01T23:59:00+01:00"})


def test_export_order_is_canonical_and_keeps_text():
    line = fmt.dumps({"recorded_by": "åse", "id": "e1", "date": "2008-01-01", "participant": "p1",
                      "type": "plan", "goal": "work", "measures": ["norwegian"],
                      "recorded_at": "2008-01-01T10:00:00+01:00"})
    assert line == ('{"type": "plan", "participant": "p1", "date": "2008-01-01", '
                    '"measures": ["norwegian"], "goal": "work", "id": "e1", '
                    '"recorded_at": "2008-01-01T10:00:00+01:00", "recorded_by": "åse"}')


def test_same_content_allows_defaulted_meta_only():
    stored = {**intake(), "id": "e1", "recorded_at": "2008-03-01T10:00:00+01:00", "recorded_by": "kari"}
    assert fmt.same_content({**intake(), "id": "e1"}, stored)
    assert not fmt.same_content({**intake(country="IQ"), "id": "e1"}, stored)
    assert not fmt.same_content({**intake(), "id": "e1", "recorded_by": "ola"}, stored)


def test_of_leaves_out_optional_fields_given_as_none_and_keeps_required_ones():
    from domain.facts import of
    assert of("intake", "p1", "2008-03-01", project="Bergen", assistance_since=None,
              birth_year=None, intro_programme="none") == {
        "type": "intake", "participant": "p1", "date": "2008-03-01", "project": "Bergen",
        "assistance_since": None, "intro_programme": "none"}
    assert list(of("exit", "p1", "2008-03-01", reason="moved", kind="aborted", by=None)) == [
        "type", "participant", "date", "kind", "reason"]


def test_of_refuses_a_field_the_type_does_not_have():
    from domain.facts import of
    with pytest.raises(TypeError, match="plan has no field reason"):
        of("plan", "p1", "2008-03-01", measures=["other"], reason="x")
