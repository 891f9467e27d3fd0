"""The event interchange format, version 1 (docs/events.md): one fact a line.

A *fact* is a plain dict holding exactly the fields of one interchange line. This module
parses and validates the shape of one fact; it knows nothing of a participant's history
(that is `domain.rules`). Pure: no I/O.
"""
from __future__ import annotations

import json

from . import values
from .values import FIRST_YEAR, LAST_YEAR, InvalidFact, parse_day, parse_timestamp, utc_key

__all__ = ["InvalidFact", "parse_day", "parse_timestamp", "utc_key", "validate", "complete",
           "canonical", "dumps", "same_content", "check_field", "of"]

from . import personal
from .unsafe import escape_json

FORMAT_VERSION = 1

# The closed lists live in domain.vocabulary (the command line offers them without the checks).
from .vocabulary import (ABORT_REASONS, ABORTED_BY, EXIT_KINDS, FOLLOW_UP_MONTHS, GENDERS,  # noqa: E402
                         GOALS, INDUSTRIES, INTRO_PROGRAMME, MEASURES, OUTCOMES,
                         SUSPENSION_REASONS, WORK_OR_EDUCATION)

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
    "erasure": (("reason", True),),  # version 1.1: see domain.personal
}


# Version 1.1: any fact but an erasure may be marked `erased` (docs/events.md).
ERASED = personal.ERASED
ALLOWED = {kind: frozenset((*COMMON, *META, *(f for f, _ in spec),
                            *((ERASED,) if kind != personal.ERASURE else ())))
           for kind, spec in TYPES.items()}


def _name(value: object, field: str) -> None:
    values.text(value, field, values.NAME_LONGEST)


def _one_of(choices: tuple[str, ...]):
    allowed = frozenset(choices)

    def check(value: object, field: str) -> None:
        if value.__class__ is not str or value not in allowed:
            values.choice(value, field, choices)  # says why
    return check


def _birth_year(value: object, field: str) -> None:
    if type(value) is not int or not FIRST_YEAR <= value <= LAST_YEAR:
        raise InvalidFact("birth_year must be a year from {FIRST_YEAR} to {LAST_YEAR} (a whole "
                          "number), not {value}", FIRST_YEAR=FIRST_YEAR, LAST_YEAR=LAST_YEAR,
                          value=values.shown(value))


def _day_or_null(value: object, field: str) -> None:
    if value is not None:
        parse_day(value, field)


def _measures(value: object, field: str) -> None:
    if not isinstance(value, list) or not value:
        raise InvalidFact("measures must be a non-empty list")
    for m in value:
        values.choice(m, "measure", MEASURES)
    if len(set(value)) != len(value):
        raise InvalidFact("measures must be distinct")


def _days(value: object, field: str) -> None:
    days = values.number(value, field)
    if not 0 < days <= 31 or (days * 2) != int(days * 2):
        raise InvalidFact("days must be more than 0 and at most 31, in steps of 0.5, not "
                          "{value}", value=values.shown(value))


def _months(value: object, field: str) -> None:
    if values.integer(value, field) not in FOLLOW_UP_MONTHS:
        raise InvalidFact("months must be 6 or 12, not {value!r}", value=value)


# The check of each field's value; `reason` is a choice or text by type (REASONS).
FIELD_CHECKS = {
    "participant": values.identifier, "date": parse_day, "id": values.identifier,
    "recorded_at": parse_timestamp, "recorded_by": _name,
    "project": _name, "counsellor": _name, "gender": _one_of(GENDERS), "country": values.country,
    "birth_year": _birth_year, "resident_since": parse_day, "assistance_since": _day_or_null,
    "intro_programme": _one_of(INTRO_PROGRAMME), "measures": _measures, "goal": _one_of(GOALS),
    "days": _days, "valid": values.boolean, "employed": values.boolean, "note": values.text,
    "programme": values.text, "kind": _one_of(EXIT_KINDS), "outcome": _one_of(OUTCOMES),
    "by": _one_of(ABORTED_BY), "months": _months, "industry": _one_of(INDUSTRIES),
    "event": values.identifier,
}
REASONS = {"suspension": _one_of(SUSPENSION_REASONS), "exit": _one_of(ABORT_REASONS),
           "retraction": values.text, "erasure": values.text}
# Per type: (field, required, check) in the spec's order; and the export order of its keys.
CHECKS = {kind: tuple((f, required, REASONS[kind] if f == "reason" else FIELD_CHECKS[f])
                      for f, required in spec) for kind, spec in TYPES.items()}
ORDER = {kind: (*COMMON, *(f for f, _ in spec), *META, ERASED) for kind, spec in TYPES.items()}
_ABSENT = object()


def check_field(kind: str, field: str, value: object) -> None:
    """Validate one field's value (the CLI checks its options with this too)."""
    check = REASONS[kind] if field == "reason" else FIELD_CHECKS.get(field)
    if check is not None:
        check(value, field)


def validate(obj: object) -> dict:
    """Check one decoded line against the format; return it as a fact (same dict, checked).

    `id`, `recorded_at` and `recorded_by` may be absent here; `complete` fills them, and checks
    recorded_at against the clock.
    """
    if not isinstance(obj, dict):
        raise InvalidFact("a line must be a JSON object")
    kind = obj.get("type")
    if kind is None:
        raise InvalidFact("type is missing")
    if not isinstance(kind, str) or kind not in TYPES:
        raise InvalidFact("unknown type {kind}", kind=values.shown(kind))
    if not obj.keys() <= ALLOWED[kind]:
        unknown = sorted(obj.keys() - ALLOWED[kind])
        names = ", ".join(_field_name(u) for u in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        if len(unknown) > 1:
            raise InvalidFact("unknown fields {names} for type {kind}", names=names, kind=kind)
        raise InvalidFact("unknown field {names} for type {kind}", names=names, kind=kind)
    for field in COMMON:
        if field not in obj:
            raise InvalidFact("{field} is missing", field=field)
    values.identifier(obj["participant"], "participant")
    parse_day(obj["date"], "date")
    get = obj.get
    erased = ERASED in obj and _erased(obj, kind)
    for field, required, check in CHECKS[kind]:
        value = get(field, _ABSENT)
        if value is not _ABSENT:
            check(value, field)
        elif required and not (erased and field in personal.personal_fields(kind)):
            raise InvalidFact("{field} is missing for type {kind}", field=field, kind=kind)
    if kind == "exit":
        _check_exit(obj)
    elif kind == "follow_up" and "industry" in obj and obj["employed"] is not True:
        raise InvalidFact("industry only belongs to a follow-up with employed: true")
    if "id" in obj:
        values.identifier(obj["id"], "id")
    if "recorded_at" in obj:
        at = obj["recorded_at"]
        if not isinstance(at, str):
            parse_timestamp(at)  # raises the plain reason
        values.instant(at)  # checked, and remembered for the rules that compare it
        values.check_known_by(obj["date"], at)
    if "recorded_by" in obj:
        values.text(obj["recorded_by"], "recorded_by", values.NAME_LONGEST)
    return obj


def _erased(obj: dict, kind: str) -> bool:
    """Version 1.1: an erased participant's fact holds `"erased": true` and none of the
    personal fields (they were destroyed; a file must not bring them back)."""
    if obj[ERASED] is not True:
        raise InvalidFact("erased must be true when given, not {value}",
                          value=values.shown(obj[ERASED]))
    present = [f for f in personal.personal_fields(kind) if f in obj]
    if present:
        raise InvalidFact("an erased {kind} holds no personal fields, but this one has {fields}",
                          kind=kind, fields=", ".join(present))
    return True


def _field_name(key: str) -> str:
    """A field's name as a message quotes it: as given (output escapes what a terminal must not
    see), but not all of a huge one."""
    return key if len(key) <= 40 else key[:39] + "…"


def _check_exit(obj: dict) -> None:
    if obj["kind"] == "completed":
        if "outcome" not in obj:
            raise InvalidFact("outcome is missing for a completed exit")
        extra = [f for f in ("by", "reason") if f in obj]
        if extra:
            raise InvalidFact("{fields} only belong to an aborted exit", fields=" and ".join(extra))
    else:
        for field in ("by", "reason"):
            if field not in obj:
                raise InvalidFact("{field} is missing for an aborted exit", field=field)
        if "outcome" in obj:
            raise InvalidFact("outcome only belongs to a completed exit")


def of(type_: str, participant: str, day: str, /, **fields) -> dict:
    """A fact of type `type_` from its fields, in the type's order: an optional field given as
    None is left out (a required one stays, so `validate` names it). An unknown field is a
    programming error."""
    unknown = fields.keys() - {name for name, _ in TYPES[type_]}
    if unknown:
        raise TypeError(f"{type_} has no field {', '.join(sorted(unknown))}")
    fact = {"type": type_, "participant": participant, "date": day}
    for name, required in TYPES[type_]:
        if name in fields and (required or fields[name] is not None):
            fact[name] = fields[name]
    return fact


def complete(fact: dict, *, new_id, now: str, user: str) -> dict:
    """Fill the optional meta fields: a generated id, recorded now, by the user. A recorded_at
    the fact gives may not be later than `now` (an RFC 3339 timestamp) beyond the clock skew."""
    if "id" not in fact:
        fact["id"] = new_id()
    if "recorded_at" not in fact:
        fact["recorded_at"] = now
        if fact["date"] > now[:10]:
            raise InvalidFact("date {date} is in the future: no fact is known before it happens",
                              date=fact['date'])
    else:
        values.check_not_future(fact["recorded_at"], now)
    if "recorded_by" not in fact:
        fact["recorded_by"] = values.name(user, "recorded_by")
    return fact


def canonical(fact: dict) -> dict:
    """The fact with its keys in the format's order: type, participant, date, fields, meta."""
    return {k: fact[k] for k in ORDER[fact["type"]] if k in fact}


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
