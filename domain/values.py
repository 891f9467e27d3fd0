"""Every value that enters, parsed strictly: one definition each (events.md, "Limits on every
value"). Import, every recording and every read option go through these.

`date.fromisoformat` and `datetime.fromisoformat` accept week, ordinal and basic forms
(`2008-W01-1`, `2008-001`, `20080101`): they are used here only on text a pattern has already
matched, and `as_date` only on days already checked. Pure: the one thing read from disk is
pycountry's list of codes, once, on the first country checked. "Now" is always passed in.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from .messages import N_, Said, Text
from .unsafe import REFUSED_IN_TEXT

FIRST_YEAR, LAST_YEAR = 1900, 2100
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock a recorded_at may be
TEXT_LONGEST = 1000
NAME_LONGEST = 100  # project, counsellor, recorded_by

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3339 as events.md writes it: T and Z upper case; up to microseconds, what is kept exactly.
TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
                       r"(?:Z|[+-][0-9]{2}:[0-9]{2})")
IDENTIFIER = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Control characters (C0, DEL, C1), bidirectional overrides and isolates; and unpaired
# surrogates, which a command line can carry (undecodable bytes) but no UTF-8 file can hold.
FORBIDDEN = re.compile("[" + REFUSED_IN_TEXT + "\ud800-\udfff]")
USER_ASSIGNED_COUNTRIES = frozenset({"XK"})  # Kosovo, as Norwegian registers write it


class InvalidFact(Said, ValueError):
    """A value (or a line) that is not valid in the interchange format; the message is the
    plain reason."""


class MalformedValue(InvalidFact):
    """Not even the kind of value asked for (not a date, a timestamp, a number, an id), as
    opposed to one of that kind outside the limits. The CLI makes it a usage error."""


def shown(value: object, longest: int = 40) -> str:
    """A value as quoted in a message: repr (no raw control characters), cut short."""
    text = repr(value)
    return text if len(text) <= longest else text[:longest - 1] + "…"


# -- days and times ------------------------------------------------------------------------

def parse_day(value: object, field: str = "date") -> date:
    """`YYYY-MM-DD` exactly, a real calendar day, year 1900-2100."""
    if value.__class__ is str:
        day = _DAYS.get(value)
        if day is not None:
            return day
    match = DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise MalformedValue("{field} must be a date YYYY-MM-DD, not {value}", field=field,
                             value=shown(value))
    try:
        day = date.fromisoformat(value)  # type: ignore[arg-type]
    except ValueError:
        raise InvalidFact("{field} {value} is not a calendar date", field=field,
                          value=shown(value)) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidFact("{field} {value} is not a year from {FIRST_YEAR} to {LAST_YEAR}",
                          field=field, value=shown(value), FIRST_YEAR=FIRST_YEAR,
                          LAST_YEAR=LAST_YEAR)
    if len(_DAYS) < 100_000:
        _DAYS[value] = day  # type: ignore[index]
    return day


# Days already found valid: an import checks the same few thousand days again and again.
_DAYS: dict[str, date] = {}


def as_date(day: str) -> date:
    """A day already checked by `parse_day` (a stored fact's), as a date: fast, no checks."""
    return date.fromisoformat(day)


def parse_timestamp(value: object, field: str = "recorded_at") -> datetime:
    """An RFC 3339 timestamp: `YYYY-MM-DDThh:mm:ss`, optional fraction (up to microseconds),
    then `Z` or `±hh:mm`; a real time, year 1900-2100. Returned with its offset."""
    local, offset = _local_time(value, field)
    return local.replace(tzinfo=timezone(offset))


NORWAY = "Europe/Oslo"


def parse_known_at(value: object, field: str = "known-at", zone=None,
                   start: bool = False) -> str:
    """A knowledge time as a user types it: an RFC 3339 timestamp (returned unchanged), or a
    plain date `YYYY-MM-DD`, meaning the end of that day in Norway: the last microsecond
    before the next day begins in Europe/Oslo (23:59:59.999999 at +01:00 in winter, +02:00
    in summer), the finest time a timestamp holds; with `start`, its first instant (00:00, a
    "since" that takes in the whole day). Returned as RFC 3339 with that offset.
    `zone` is a tzinfo for Europe/Oslo; given by the caller, so that reading the time-zone
    database stays out of the domain (see i18n.norway)."""
    if isinstance(value, str) and DAY.fullmatch(value):
        day = parse_day(value, field)
        if zone is None:
            raise ValueError("a plain date needs the Norwegian time zone")
        moment = datetime.combine(day, (datetime.min if start else datetime.max).time(),
                                  tzinfo=zone)
        return moment.isoformat(timespec="microseconds")
    parse_timestamp(value, field)
    return value  # type: ignore[return-value]


def instant(recorded_at: str) -> datetime:
    """The instant a timestamp names, as a naive UTC datetime: instants compare exactly and
    fast (aware datetimes in two offsets compare ten times slower). The last one is kept: a
    recording's time is checked, then compared with the clock and the record, in a row."""
    global _last_instant
    text, moment = _last_instant
    if text is recorded_at:
        return moment
    local, offset = _local_time(recorded_at, "recorded_at")
    moment = local - offset
    _last_instant = (recorded_at, moment)  # one assignment: threads see a pair or the other
    return moment


_last_instant: tuple = (object(), None)  # nothing yet: no text is this object


def utc_key(recorded_at: str, field: str = "recorded_at") -> str:
    """A string that sorts like the instant: UTC, fixed width. Used for knowledge times."""
    local, offset = _local_time(recorded_at, field)
    return (local - offset).isoformat(timespec="microseconds") + "Z"


def _local_time(value: object, field: str) -> tuple[datetime, timedelta]:
    """The wall-clock time a timestamp gives (naive) and its offset from UTC."""
    if not isinstance(value, str) or TIMESTAMP.fullmatch(value) is None:
        raise MalformedValue("{field} must be an RFC 3339 timestamp YYYY-MM-DDThh:mm:ss "
                             "with Z or an offset ±hh:mm, not {value}", field=field,
                             value=shown(value))
    zulu = value[-1] == "Z"
    offset = _UTC if zulu else _OFFSETS.get(value[-6:])
    if offset is None:
        offset = _offset(value[-6:], field, value)
    try:  # the naive part only: setting a tzinfo afterwards would cost more than all this
        local = datetime.fromisoformat(value[:-1] if zulu else value[:-6])
    except ValueError:
        raise InvalidFact("{field} {value} is not a real time", field=field,
                          value=shown(value)) from None
    if not FIRST_YEAR <= local.year <= LAST_YEAR:
        raise InvalidFact("{field} {value} is not a year from {FIRST_YEAR} to {LAST_YEAR}",
                          field=field, value=shown(value), FIRST_YEAR=FIRST_YEAR,
                          LAST_YEAR=LAST_YEAR)
    return local, offset


_UTC = timedelta(0)
_OFFSETS: dict[str, timedelta] = {}  # "+01:00" -> one hour; at most 2 * 24 * 60 of them


def _offset(text: str, field: str, value: str) -> timedelta:
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 23 or minutes > 59:
        raise InvalidFact("{field} {value} is not a real time", field=field, value=shown(value))
    offset = timedelta(hours=hours, minutes=minutes) * (-1 if text[0] == "-" else 1)
    _OFFSETS[text] = offset
    return offset


def check_known_by(day: str, recorded_at: str) -> None:
    """Rule 8: no fact is known before it happens (the date of recorded_at, in its own offset).
    Both are checked already, so both begin with a plain YYYY-MM-DD: as text they sort as days."""
    if day > recorded_at[:10]:
        raise InvalidFact("date {day} is after the date it was recorded ({recorded_at}): no "
                          "fact is known before it happens", day=day, recorded_at=recorded_at)


def check_not_future(recorded_at: str, now: str) -> None:
    """A recorded_at no later than `now` (an RFC 3339 timestamp) plus the clock skew allowed."""
    if instant(recorded_at) > _latest(now):
        raise InvalidFact("recorded_at {recorded_at} is in the future: nothing can be known "
                          "later than now ({now})", recorded_at=recorded_at, now=now)


@lru_cache(maxsize=16)
def _latest(now: str) -> datetime:
    return instant(now) + CLOCK_SKEW  # the same `now` serves a whole import


# -- numbers -------------------------------------------------------------------------------

def integer(value: object, field: str) -> int:
    """A JSON integer: not 6.0, not true, not "6"."""
    if type(value) is not int:
        raise InvalidFact("{field} must be a whole number, not {value}", field=field,
                          value=shown(value))
    return value


def number(value: object, field: str) -> int | float:
    """A finite JSON number: not true, not "6", not NaN or Infinity."""
    if type(value) is int:
        return value
    if type(value) is not float:
        raise InvalidFact("{field} must be a number, not {value}", field=field, value=shown(value))
    if not math.isfinite(value):
        raise InvalidFact("{field} must be a finite number, not {value}", field=field,
                          value=shown(value))
    return value


DECIMAL = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")
WHOLE = re.compile(r"-?[0-9]{1,6}")


def number_text(value: str, field: str) -> int | float:
    """A number typed on a command line: plain decimal digits (no nan, inf, 1e3, 1_0),
    as an int when it is whole."""
    if not isinstance(value, str) or not DECIMAL.fullmatch(value):
        raise MalformedValue("{field} must be a number like 2 or 1.5, not {value}", field=field,
                             value=shown(value))
    number = float(value)
    return int(number) if number.is_integer() else number


def integer_text(value: str, field: str) -> int:
    """A whole number typed on a command line: optional minus, then digits."""
    if not isinstance(value, str) or not WHOLE.fullmatch(value):
        raise MalformedValue("{field} must be a whole number, not {value}", field=field,
                             value=shown(value))
    return int(value)


# -- text ------------------------------------------------------------------------------------

def text(value: object, field: str, longest: int = TEXT_LONGEST) -> str:
    """Free text: 1 to `longest` characters, not blank, no control or bidirectional-override
    characters."""
    if not isinstance(value, str):
        raise InvalidFact("{field} must be a text, not {value}", field=field, value=shown(value))
    if not value.strip():
        raise InvalidFact("{field} must not be empty or blank", field=field)
    if len(value) > longest:
        raise InvalidFact("{field} is longer than {longest:,} characters", field=field,
                          longest=longest)
    bad = FORBIDDEN.search(value)
    if bad is not None:
        code = ord(bad.group())
        what = Text(N_("an unpaired surrogate") if 0xD800 <= code <= 0xDFFF else (
            N_("a bidirectional-override") if code > 0x9F else N_("a control")))
        raise InvalidFact("{field} contains {what} character (U+{code:04X})", field=field,
                          what=what, code=code)
    return value


def name(value: object, field: str) -> str:
    """A project, a counsellor, who recorded: text of 1-100 characters."""
    return text(value, field, NAME_LONGEST)


def identifier(value: object, field: str) -> str:
    """A participant or event id: 1-64 characters of A-Z a-z 0-9 . _ -"""
    if not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
        raise MalformedValue("{field} must be 1-64 characters of A-Z a-z 0-9 . _ -, not {value}",
                             field=field, value=shown(value))
    return value


# -- codes -------------------------------------------------------------------------------------

def country(value: object, field: str = "country") -> str:
    """An assigned ISO 3166-1 alpha-2 code (pycountry's list), or XK."""
    if not isinstance(value, str) or value not in _countries():
        raise InvalidFact("{field} must be an ISO 3166-1 alpha-2 code in upper case, one that "
                          "is assigned (or XK), not {value}", field=field, value=shown(value))
    return value


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """pycountry's alpha-2 codes, read from its own data file: importing pycountry itself costs
    ten times as long (it loads package metadata), which a caseworker's command would feel."""
    import importlib.util
    import json
    import os
    spec = importlib.util.find_spec("pycountry")
    path = os.path.join(os.path.dirname(spec.origin or ""), "databases", "iso3166-1.json")
    try:
        with open(path, encoding="utf-8") as source:
            codes = {entry["alpha_2"] for entry in json.load(source)["3166-1"]}
    except (OSError, KeyError, ValueError):  # another layout: ask pycountry itself
        import pycountry
        codes = {entry.alpha_2 for entry in pycountry.countries}
    return frozenset(codes) | USER_ASSIGNED_COUNTRIES


def choice(value: object, field: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InvalidFact("{field} must be one of {choices}, not {value}", field=field,
                          choices=", ".join(choices), value=shown(value))
    return value


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidFact("{field} must be true or false, not {value}", field=field,
                          value=shown(value))
    return value
