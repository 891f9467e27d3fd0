"""The event interchange format, version 1 (docs/events.md): one fact a line.

A *fact* is a plain dict holding exactly the fields of one interchange line. This module
parses and validates the shape of one fact; it knows nothing of a participant's history
(that is `domain.rules`). Pure: no I/O.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime

from .unsafe import escape_json

FORMAT_VERSION = 1

ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
DAY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")

MEASURES = ("norwegian", "work_practice", "social_orientation", "conversation_group",
            "physical_training", "diet_guidance", "job_search", "education", "other")
GOALS = ("work", "education")
SUSPENSION_REASONS = ("parental_leave", "sick_leave", "other")
INTRO_PROGRAMME = ("none", "completed", "self_settled", "moved", "stopped")
EXIT_KINDS = ("completed", "aborted")
OUTCOMES = ("full_time_job", "part_time_job", "subsidised_job", "education",
            "course_or_measure", "job_seeker", "no_activity", "other")
WORK_OR_EDUCATION = ("full_time_job", "part_time_job", "subsidised_job", "education")
ABORTED_BY = ("participant", "decision")
ABORT_REASONS = ("health", "behaviour", "invalid_absence", "moved", "benefits",
                 "disappeared", "other")
INDUSTRIES = ("cleaning", "warehouse_workshop", "canteen_restaurant", "driver", "other")
GENDERS = ("F", "M")

COMMON = ("type", "participant", "date")
META = ("id", "recorded_at", "recorded_by")

# Per type: its own fields in the spec's order, and which of them are required.
# The order is also the export order, which keeps `export` byte-stable.
TYPES: dict[str, tuple[tuple[str, bool], ...]] = {
    "intake": (("project", True), ("counsellor", True), ("gender", True), ("country", True),
               ("birth_year", False), ("resident_since", True), ("assistance_since", True),
               ("intro_programme", False)),
    "counsellor_change": (("counsellor", True),),
    "plan": (("measures", True), ("goal", False)),
    "absence": (("days", True), ("valid", True), ("note", False)),
    "suspension": (("reason", True),),
    "resumption": (),
    "transfer_to_nav": (("programme", False),),
    "exit": (("kind", True), ("outcome", False), ("by", False), ("reason", False)),
    "follow_up": (("months", True), ("employed", True), ("industry", False)),
    "retraction": (("event", True), ("reason", True)),
}


ALLOWED = {kind: frozenset((*COMMON, *META, *(f for f, _ in spec))) for kind, spec in TYPES.items()}


class InvalidFact(ValueError):
    """A line that is not a valid fact of the interchange format."""


def parse_day(value: object, field: str) -> date:
    if not isinstance(value, str) or len(value) != 10 or not DAY_PATTERN.fullmatch(value):
        raise InvalidFact(f"{field} must be a date YYYY-MM-DD, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidFact(f"{field} {value!r} is not a calendar date") from None


def parse_timestamp(value: object, field: str = "recorded_at") -> datetime:
    """An ISO 8601 timestamp that carries its UTC offset."""
    if not isinstance(value, str) or "T" not in value:
        raise InvalidFact(f"{field} must be an ISO 8601 timestamp with offset, not {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidFact(f"{field} {value!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise InvalidFact(f"{field} {value!r} has no UTC offset")
    return moment


def utc_key(recorded_at: str) -> str:
    """A string that sorts like the instant: UTC, fixed width. Used for knowledge times."""
    from datetime import timezone
    return parse_timestamp(recorded_at).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _identifier(value: object, field: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise InvalidFact(f"{field} must be 1-64 characters of A-Z a-z 0-9 . _ -, not {value!r}")
    return value


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFact(f"{field} must be a non-empty text")
    return value


def _choice(value: object, field: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidFact(f"{field} must be one of {', '.join(choices)}, not {value!r}")
    return value  # type: ignore[return-value]


def _bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidFact(f"{field} must be true or false, not {value!r}")
    return value


def _check_field(kind: str, field: str, value: object) -> None:
    """Validate one type-specific field's value."""
    if field in ("project", "counsellor"):
        _text(value, field)
        if len(value) > 100:  # type: ignore[arg-type]
            raise InvalidFact(f"{field} is longer than 100 characters")
    elif field == "gender":
        _choice(value, field, GENDERS)
    elif field == "country":
        if not isinstance(value, str) or not COUNTRY_PATTERN.fullmatch(value):
            raise InvalidFact(f"country must be an ISO 3166-1 alpha-2 code in upper case, not {value!r}")
    elif field == "birth_year":
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            raise InvalidFact(f"birth_year must be a year, not {value!r}")
    elif field == "resident_since":
        parse_day(value, field)
    elif field == "assistance_since":
        if value is not None:
            parse_day(value, field)
    elif field == "intro_programme":
        _choice(value, field, INTRO_PROGRAMME)
    elif field == "measures":
        if not isinstance(value, list) or not value:
            raise InvalidFact("measures must be a non-empty list")
        for m in value:
            _choice(m, "measure", MEASURES)
        if len(set(value)) != len(value):
            raise InvalidFact("measures must be distinct")
    elif field == "goal":
        _choice(value, field, GOALS)
    elif field == "days":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidFact(f"days must be a number, not {value!r}")
        if not 0 < value <= 31 or (value * 2) != int(value * 2):
            raise InvalidFact(f"days must be more than 0 and at most 31, in steps of 0.5, not {value!r}")
    elif field in ("valid", "employed"):
        _bool(value, field)
    elif field == "note":
        if not isinstance(value, str):
            raise InvalidFact("note must be a text")
    elif field == "reason":
        if kind == "suspension":
            _choice(value, field, SUSPENSION_REASONS)
        elif kind == "exit":
            _choice(value, field, ABORT_REASONS)
        else:
            _text(value, field)
    elif field == "programme":
        _text(value, field)
    elif field == "kind":
        _choice(value, field, EXIT_KINDS)
    elif field == "outcome":
        _choice(value, field, OUTCOMES)
    elif field == "by":
        _choice(value, field, ABORTED_BY)
    elif field == "months":
        if value not in (6, 12) or isinstance(value, bool):
            raise InvalidFact(f"months must be 6 or 12, not {value!r}")
    elif field == "industry":
        _choice(value, field, INDUSTRIES)
    elif field == "event":
        _identifier(value, field)


def validate(obj: object) -> dict:
    """Check one decoded line against the format; return it as a fact (same dict, checked).

    `id`, `recorded_at` and `recorded_by` may be absent here; `complete` fills them.
    """
    if not isinstance(obj, dict):
        raise InvalidFact("a line must be a JSON object")
    kind = obj.get("type")
    if kind is None:
        raise InvalidFact("type is missing")
    if kind not in TYPES:
        raise InvalidFact(f"unknown type {kind!r}")
    spec = TYPES[kind]
    unknown = sorted(obj.keys() - ALLOWED[kind])
    if unknown:
        raise InvalidFact(f"unknown field{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(unknown)} for type {kind}")
    for field in COMMON:
        if field not in obj:
            raise InvalidFact(f"{field} is missing")
    _identifier(obj["participant"], "participant")
    parse_day(obj["date"], "date")
    for field, required in spec:
        if field not in obj:
            if required:
                raise InvalidFact(f"{field} is missing for type {kind}")
            continue
        _check_field(kind, field, obj[field])
    if kind == "exit":
        _check_exit(obj)
    if "id" in obj:
        _identifier(obj["id"], "id")
    if "recorded_at" in obj:
        moment = parse_timestamp(obj["recorded_at"])
        if obj["date"] > moment.date().isoformat():
            raise InvalidFact(f"date {obj['date']} is after the date it was recorded "
                              f"({obj['recorded_at']}): no fact is known before it happens")
    if "recorded_by" in obj:
        _text(obj["recorded_by"], "recorded_by")
    return obj


def _check_exit(obj: dict) -> None:
    if obj["kind"] == "completed":
        if "outcome" not in obj:
            raise InvalidFact("outcome is missing for a completed exit")
        extra = [f for f in ("by", "reason") if f in obj]
        if extra:
            raise InvalidFact(f"{' and '.join(extra)} only belong to an aborted exit")
    else:
        for field in ("by", "reason"):
            if field not in obj:
                raise InvalidFact(f"{field} is missing for an aborted exit")
        if "outcome" in obj:
            raise InvalidFact("outcome only belongs to a completed exit")


def complete(fact: dict, *, new_id, now: str, user: str) -> dict:
    """Fill the optional meta fields: a generated id, recorded now, by the user."""
    if "id" not in fact:
        fact["id"] = new_id()
    if "recorded_at" not in fact:
        fact["recorded_at"] = now
        if fact["date"] > now[:10]:
            raise InvalidFact(f"date {fact['date']} is in the future: no fact is known before it happens")
    if "recorded_by" not in fact:
        fact["recorded_by"] = user
    return fact


def canonical(fact: dict) -> dict:
    """The fact with its keys in the format's order: type, participant, date, fields, meta."""
    kind = fact["type"]
    keys = [*COMMON, *(f for f, _ in TYPES[kind]), *META]
    return {k: fact[k] for k in keys if k in fact}


def dumps(fact: dict) -> str:
    """One export line: canonical key order, UTF-8 text kept as is, except the characters
    `domain.unsafe` names, written as \\u escapes (the same JSON value, safe on a terminal)."""
    return escape_json(json.dumps(canonical(fact), ensure_ascii=False))


def same_content(line: dict, stored: dict) -> bool:
    """Is an imported line the stored fact again? Absent meta fields took defaults then."""
    for key, value in line.items():
        if key not in stored or stored[key] != value or type(stored[key]) is not type(value):
            return False
    return all(key in line or key in ("recorded_at", "recorded_by") for key in stored)
