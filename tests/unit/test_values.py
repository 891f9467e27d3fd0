"""domain.values: every kind of value that enters, accepted exactly as events.md writes it."""
import pytest

from domain import facts as fmt
from domain import values
from domain.rules import History, RuleBroken, admit
from domain.values import InvalidFact, MalformedValue
from tests.conftest import fact, intake


@pytest.mark.parametrize("text", ["2008-03-01", "1900-01-01", "2100-12-31", "2008-02-29"])
def test_a_plain_day_is_a_day(text):
    assert values.parse_day(text).isoformat() == text


@pytest.mark.parametrize("text, reason", [
    ("2008-W01-1", "must be a date YYYY-MM-DD"),   # ISO week date: fromisoformat takes it
    ("2008-001", "must be a date YYYY-MM-DD"),     # ordinal date
    ("20080101", "must be a date YYYY-MM-DD"),     # basic format
    ("2008-3-1", "must be a date YYYY-MM-DD"),
    (" 2008-03-01", "must be a date YYYY-MM-DD"),
    ("2008-03-01\n", "must be a date YYYY-MM-DD"),
    ("２００８-03-01", "must be a date YYYY-MM-DD"),  # other digits than 0-9
    (20080301, "must be a date YYYY-MM-DD"),
    (None, "must be a date YYYY-MM-DD"),
    ("2007-02-29", "is not a calendar date"),
    ("1899-12-31", "is not a year from 1900 to 2100"),
    ("2101-01-01", "is not a year from 1900 to 2100"),
    ("9999-12-31", "is not a year from 1900 to 2100"),
])
def test_anything_else_is_not_a_day(text, reason):
    with pytest.raises(InvalidFact, match=reason):
        values.parse_day(text, "date")


def test_a_malformed_day_says_so_apart_from_one_outside_the_limits():
    with pytest.raises(MalformedValue):
        values.parse_day("2008-W01-1")
    with pytest.raises(InvalidFact) as outside:
        values.parse_day("2101-01-01")
    assert not isinstance(outside.value, MalformedValue)


@pytest.mark.parametrize("text, utc", [
    ("2009-01-15T10:00:00+01:00", "2009-01-15T09:00:00.000000Z"),
    ("2009-01-15T10:00:00Z", "2009-01-15T10:00:00.000000Z"),
    ("2009-01-15T10:00:00.5-05:30", "2009-01-15T15:30:00.500000Z"),
    ("2009-01-15T10:00:00.123456+00:00", "2009-01-15T10:00:00.123456Z"),
    ("1900-01-01T00:00:00+01:00", "1899-12-31T23:00:00.000000Z"),
])
def test_an_rfc_3339_timestamp_is_an_instant(text, utc):
    assert values.utc_key(text) == utc


@pytest.mark.parametrize("text", [
    "2008-W01-1T10:00:00+01:00", "2008-001T10:00:00+01:00", "20080101T100000+0100",
    "2008-01-01T10:00:00", "2008-01-01T10:00+01:00", "2008-01-01 10:00:00+01:00",
    "2008-01-01t10:00:00z", "2008-01-01T10:00:00+0100", "2008-01-01T10:00:00.1234567Z",
    "2008-01-01T10:00:00,5Z", "2008-01-01", 1199181600, None,
])
def test_other_time_forms_are_malformed(text):
    with pytest.raises(MalformedValue, match="must be an RFC 3339 timestamp"):
        values.parse_timestamp(text)


@pytest.mark.parametrize("text, reason", [
    ("2008-01-01T24:00:00Z", "is not a real time"),
    ("2008-01-01T23:59:60Z", "is not a real time"),   # no leap seconds in Python's datetime
    ("2008-02-30T10:00:00Z", "is not a real time"),
    ("2008-01-01T10:00:00+24:00", "is not a real time"),
    ("9999-12-31T23:59:59Z", "is not a year from 1900 to 2100"),
    ("2101-01-01T00:00:00+01:00", "is not a year from 1900 to 2100"),
])
def test_timestamps_outside_the_limits(text, reason):
    with pytest.raises(InvalidFact, match=reason):
        values.parse_timestamp(text)


def test_instants_not_text_decide_what_is_earlier():
    assert values.instant("2008-09-01T07:30:00Z") > values.instant("2008-09-01T09:00:00+02:00")
    assert values.instant("2008-09-01T10:30:00+04:00") < values.instant("2008-09-01T09:00:00+02:00")


def test_recorded_at_may_run_five_minutes_ahead_of_now_and_no_more():
    now = "2009-01-15T09:00:00Z"
    values.check_not_future("2009-01-15T10:05:00+01:00", now)
    with pytest.raises(InvalidFact, match="is in the future"):
        values.check_not_future("2009-01-15T10:05:01+01:00", now)


@pytest.mark.parametrize("value", [6.0, True, "6", None, [6]])
def test_integers_are_json_integers(value):
    with pytest.raises(InvalidFact, match="must be a whole number"):
        values.integer(value, "months")


@pytest.mark.parametrize("value, reason", [
    (float("nan"), "must be a finite number"), (float("inf"), "must be a finite number"),
    (True, "must be a number"), ("2", "must be a number"),
])
def test_numbers_are_finite_json_numbers(value, reason):
    with pytest.raises(InvalidFact, match=reason):
        values.number(value, "days")


@pytest.mark.parametrize("text, number", [("2", 2), ("1.5", 1.5), ("2.0", 2), ("31", 31)])
def test_a_number_typed_on_the_command_line(text, number):
    parsed = values.number_text(text, "days")
    assert parsed == number and type(parsed) is type(number)


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e3", "-1", " 2", "1_0", "٣", "", "0x10",
                                  "1" * 7])
def test_what_is_not_a_plain_number_on_the_command_line(text):
    with pytest.raises(MalformedValue):
        values.number_text(text, "days")
    with pytest.raises(MalformedValue):
        values.integer_text(text if text != "-1" else "-", "birth-year")


@pytest.mark.parametrize("text", ["Bergen", "Oslo Grorud", "å" * 1000, "a\u200fb"])
def test_free_text(text):
    assert values.text(text, "note") == text


@pytest.mark.parametrize("text, reason", [
    ("", "must not be empty or blank"), ("   ", "must not be empty or blank"),
    ("a" * 1001, "is longer than 1,000 characters"),
    ("kari\nupdated", r"a control character \(U\+000A\)"),
    ("\x1b[31mred", r"a control character \(U\+001B\)"),
    ("a\x7fb", r"a control character \(U\+007F\)"),
    ("a\x85b", r"a control character \(U\+0085\)"),
    ("abc\u202eevil", r"a bidirectional-override character \(U\+202E\)"),
    ("abc\u2066x\u2069", r"a bidirectional-override character \(U\+2066\)"),
    ("bad\udcffbyte", r"an unpaired surrogate character \(U\+DCFF\)"),
    (7, "must be a text"),
])
def test_text_that_is_refused(text, reason):
    with pytest.raises(InvalidFact, match=reason):
        values.text(text, "note")


def test_names_are_at_most_100_characters():
    assert values.name("c" * 100, "counsellor")
    with pytest.raises(InvalidFact, match="longer than 100 characters"):
        values.name("c" * 101, "counsellor")


def test_a_refusal_never_repeats_a_huge_value():
    with pytest.raises(InvalidFact) as refused:
        values.parse_day("x" * 10_000_000)
    assert len(str(refused.value)) < 120


@pytest.mark.parametrize("code", ["SO", "NO", "IQ", "PK", "XK"])
def test_assigned_countries_and_kosovo(code):
    assert values.country(code) == code


@pytest.mark.parametrize("code", ["XX", "ZZ", "EU", "UK", "so", "SOM", "", None])
def test_unassigned_or_malformed_countries(code):
    with pytest.raises(InvalidFact, match="ISO 3166-1 alpha-2"):
        values.country(code)


# -- the format, with these values --------------------------------------------------------

@pytest.mark.parametrize("line, reason", [
    (fact("follow_up", months=6.0, employed=True), "months must be a whole number, not 6.0"),
    (fact("follow_up", months=True, employed=True), "months must be a whole number"),
    (fact("follow_up", months=6, employed=False, industry="cleaning"),
     "industry only belongs to a follow-up with employed: true"),
    (intake(birth_year=1975.0), "birth_year must be a year from 1900 to 2100"),
    (intake(resident_since="9999-12-31"), "resident_since '9999-12-31' is not a year"),
    (intake(country="XX"), "country must be an ISO 3166-1 alpha-2 code"),
    (intake(project=""), "project must not be empty or blank"),
    (intake(counsellor="c7\u202e"), "counsellor contains a bidirectional-override character"),
    (fact("absence", days=1, valid=True, note=""), "note must not be empty or blank"),
    (fact("absence", days=1, valid=True, note="x" * 10_000_000), "note is longer than 1,000"),
    (fact("absence", days=1, valid=True, note="\x1b]0;pwned\x07"), "note contains a control"),
    (fact("retraction", event="e1", reason="\u202eoops"), "reason contains a bidirectional"),
    ({**intake(), "recorded_by": " "}, "recorded_by must not be empty or blank"),
    ({**intake(), "recorded_by": "kari\n2008-01-01 x"}, "recorded_by contains a control"),
    ({**intake(), "recorded_at": "2008-W10-6T10:00:00+01:00"}, "must be an RFC 3339 timestamp"),
    ({**intake(), "recorded_at": ["2008-03-01T10:00:00+01:00"]}, "must be an RFC 3339 timestamp"),
    ({**intake(), "type": ["intake"]}, "unknown type ['intake']"),
    ({**intake(), "x" * 10_000: 1}, "unknown field " + "x" * 39 + "… for type intake"),
])
def test_the_format_uses_the_strict_values(line, reason):
    with pytest.raises(InvalidFact) as refused:
        fmt.validate(line)
    assert reason in str(refused.value)


def test_recorded_at_from_the_future_is_refused_when_completed():
    line = fmt.validate({**intake(), "recorded_at": "2099-01-01T10:00:00+01:00"})
    with pytest.raises(InvalidFact, match="recorded_at 2099-01-01T10:00:00\\+01:00 is in the future"):
        fmt.complete(line, new_id=lambda: "e1", now="2009-01-15T10:00:00+01:00", user="kari")


def test_an_empty_user_is_no_recorder():
    with pytest.raises(InvalidFact, match="recorded_by must not be empty"):
        fmt.complete(fmt.validate(intake()), new_id=lambda: "e1",
                     now="2009-01-15T10:00:00+01:00", user="")


def stored(f: dict, at: str) -> dict:
    return {**f, "id": f"e{abs(hash((f['type'], f['date'], at)))}", "recorded_at": at,
            "recorded_by": "kari"}


def test_knowledge_order_compares_instants_across_offsets():
    history = History("p1")
    admit(history, stored(intake(), "2008-03-01T09:00:00+02:00"))  # 07:00 UTC
    with pytest.raises(RuleBroken, match="is earlier than"):
        admit(history, stored(fact("plan", day="2008-03-01", measures=["norwegian"]),
                              "2008-03-01T10:30:00+04:00"))  # 06:30 UTC: text later, instant earlier
    admit(history, stored(fact("plan", day="2008-03-01", measures=["norwegian"]),
                          "2008-03-01T07:30:00Z"))  # text earlier, instant later
    assert len(history.facts) == 2


def test_a_counsellor_change_to_the_current_counsellor_is_refused():
    history = History("p1")
    admit(history, stored(intake(), "2008-03-01T10:00:00+01:00"))
    with pytest.raises(RuleBroken, match="c7 is already p1's counsellor"):
        admit(history, stored(fact("counsellor_change", counsellor="c7"), "2008-04-01T10:00:00+01:00"))
    assert len(history.facts) == 1



def test_a_plain_known_at_date_is_the_last_microsecond_of_that_day_in_norway():
    from zoneinfo import ZoneInfo

    from domain.values import parse_known_at
    oslo = ZoneInfo("Europe/Oslo")
    assert parse_known_at("2009-01-31", zone=oslo) == "2009-01-31T23:59:59.999999+01:00"
    assert parse_known_at("2009-07-31", zone=oslo) == "2009-07-31T23:59:59.999999+02:00"
    # the days the clocks change: the offset of the day's end
    assert parse_known_at("2009-03-29", zone=oslo) == "2009-03-29T23:59:59.999999+02:00"
    assert parse_known_at("2009-10-25", zone=oslo) == "2009-10-25T23:59:59.999999+01:00"
    # a timestamp is taken as it is; a plain date needs the zone
    assert parse_known_at("2009-01-31T00:00:00Z") == "2009-01-31T00:00:00Z"
    with pytest.raises(ValueError):
        parse_known_at("2009-01-31")
    with pytest.raises(InvalidFact):
        parse_known_at("2009-02-30", zone=oslo)
    with pytest.raises(MalformedValue):
        parse_known_at("31.01.2009", zone=oslo)
