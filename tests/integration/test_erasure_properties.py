"""Erasure (privacy.md "Erasure", events.md 1.1) as properties, on real stores.

Hypothesis draws small valid histories (a handful of participants, every kind of event, back-dated
and retracted ones, ids from the whole alphabet) whose personal values are unique to their owner:
birth years, residence and assistance dates from ranges no other value of the history can take,
notes and retraction reasons carrying a marker of their own. A random subset is erased at a random
point of the history (after a random prefix of the recording order; the rest is recorded after the
erasure). Then, for every example:

- `stats YEAR --format json` is the same bytes before and after, for every year touched and for
  knowledge times before the erasure and now; `status` and `caseload` keep every count, with each
  erased participant under the one pseudonym `erase` printed, in every list;
- the store finished after the erasure answers as a store that recorded the same facts and no
  erasure (the same stats; lists equal up to the pseudonyms);
- no file of the store, the read models or the access log, read with the master key, holds an
  erased participant's id or personal value: neither any text or blob value of any table (read
  through SQLCipher), nor any page of the file or frame of a -wal decrypted (what no query reads:
  free pages, free space in pages, old frames), nor the raw bytes;
- the export carries the erased facts as events.md 1.1 says and imports into an empty store with
  the same statistics, and exports again unchanged.

Hostile input around an erasure is drawn too: unknown ids, a second erasure, reasons that are
empty, blank, hold a control or bidi character or are too long, recording for the erased id or its
pseudonym, show/history: each one sentence, exit 1, and no row of the store written.

Last, a participant recorded before thousands of other rows (pages split and rebalanced) leaves no
copy in any page either. Bounded: ~20 s on a quiet machine; NYSJANSE_ERASURE_EXAMPLES=100 explores
more (the counts are per 10).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import cli
from domain.dates import add_months
from tests.conftest import open_db

SCALE = int(os.environ.get("NYSJANSE_ERASURE_EXAMPLES", "10"))


def bounded(examples: int):
    return settings(max_examples=max(1, examples * SCALE // 10), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


# -- histories whose personal values belong to one participant each ------------------------------

COUNTRIES = ["SO", "IQ", "PK", "AF", "ER", "XK"]
COUNSELLORS = ["c1", "c2", "c3"]
MEASURES = ["norwegian", "work_practice", "job_search", "education", "other"]
OUTCOMES = ["full_time_job", "education", "job_seeker", "no_activity"]
REASONS = ["health", "behaviour", "moved", "other"]
# Personal values are drawn from ranges nothing else takes: every effective date is 2006 or later,
# every recorded_at 2006 or later; residence before 2000, assistance 2000-2005.
RESIDENCE = (date(1985, 1, 1), date(1999, 12, 31))
ASSISTANCE = (date(2000, 1, 1), date(2005, 6, 30))


def slot(span: tuple[date, date], n: int, slots: int = 8) -> tuple[date, date]:
    """The n-th of `slots` disjoint parts of a span of days."""
    width = (span[1] - span[0]).days // slots
    return span[0] + timedelta(days=n * width), span[0] + timedelta(days=(n + 1) * width - 1)


@dataclass
class Person:
    pid: str
    birth_year: int
    resident_since: str
    assistance_since: str | None
    texts: list[str] = field(default_factory=list)  # markers of notes and retraction reasons

    def secrets(self) -> list[str]:
        """What no file may hold once this person is erased (the birth year is checked as a
        field's value, a number being too common to look for)."""
        return [self.pid, self.resident_since, *filter(None, [self.assistance_since]),
                *self.texts]


def stamp(day: date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00+01:00"


def offset(draw, low: int, high: int) -> int | None:
    return draw(st.integers(low, high)) if low <= high else None


def participation(draw, n: int, person: Person, marker: int) -> list[tuple[str, int, dict]]:
    """One participant's facts as (recorded_at, order, fact): valid by construction."""
    start = draw(st.dates(date(2006, 2, 1), date(2009, 10, 31)), label="intake")
    gender = draw(st.sampled_from("FM"))
    if start >= date(2009, 1, 1) and gender == "F" and draw(st.booleans()):
        person.assistance_since = None  # home-staying women, from 2009
    length = draw(st.integers(30, 800), label="length")
    end = start + timedelta(days=length)
    ending = draw(st.sampled_from(["none", "completed", "aborted", "transfer"]))
    if ending == "transfer" and end.year < 2008:
        ending = "completed"
    out: list[tuple[str, int, dict]] = []
    first = stamp(start, 8)

    def add(fact: dict, day: date, delay: int = 0, after: str = first) -> dict:
        fact = {"participant": person.pid, "date": day.isoformat(), **fact,
                "id": f"E{n:02d}{len(out):02d}", "recorded_by": draw(st.sampled_from(["kari", "ola"]))}
        fact["recorded_at"] = max(stamp(day + timedelta(days=delay), 9 + len(out) % 8), after)
        out.append((fact["recorded_at"], len(out), fact))
        return fact

    def late() -> int:
        return draw(st.sampled_from([0, 0, 1, 3, 45]), label="delay")

    counsellor = draw(st.sampled_from(COUNSELLORS))
    intake = {"type": "intake", "project": draw(st.sampled_from(["Bergen", "Oslo Grorud"])),
              "counsellor": counsellor, "gender": gender, "country": draw(st.sampled_from(COUNTRIES)),
              "birth_year": person.birth_year, "resident_since": person.resident_since,
              "assistance_since": person.assistance_since}
    if draw(st.booleans()):
        intake["intro_programme"] = draw(st.sampled_from(["none", "completed"]))
    out.append((first, 0, {"participant": person.pid, "date": start.isoformat(), **intake,
                           "id": f"E{n:02d}00", "recorded_at": first, "recorded_by": "kari"}))
    plan = add({"type": "plan", "measures": draw(st.lists(st.sampled_from(MEASURES), min_size=1,
                                                          max_size=3, unique=True))},
               start + timedelta(days=draw(st.integers(0, 20))), late())
    suspended: tuple[int, int] | None = None
    s = offset(draw, 22, length - 3) if draw(st.booleans()) else None
    if s is not None:
        resumed = offset(draw, s + 1, length - 1) if draw(st.booleans()) else None
        suspended = (s, resumed if resumed is not None else length)
        paused = add({"type": "suspension", "reason": draw(st.sampled_from(["sick_leave", "other"]))},
                     start + timedelta(days=s))  # on time: a late one could cover absences known
        if resumed is not None:
            add({"type": "resumption"}, start + timedelta(days=resumed), after=paused["recorded_at"])
    if draw(st.booleans()):
        change = draw(st.integers(1, length - 1))
        add({"type": "counsellor_change", "counsellor": draw(st.sampled_from(
            [c for c in COUNSELLORS if c != counsellor]))}, start + timedelta(days=change), late())
    absences = []
    for k, day in enumerate(draw(st.lists(st.integers(1, length - 1), max_size=3), label="absences")):
        if suspended and suspended[0] <= day <= suspended[1]:
            continue
        note = {}
        if draw(st.booleans()):
            text = f"Ø{marker:04d}æ{k}å"  # no id fits inside it
            person.texts.append(text)
            note = {"note": f"notat {text} æøå"}
        absences.append(add({"type": "absence", "days": draw(st.sampled_from([0.5, 1, 2.5])),
                             "valid": draw(st.booleans()), **note},
                            start + timedelta(days=day), late()))
    if draw(st.booleans()):
        wrong = draw(st.sampled_from([plan, *absences]))
        text = f"Ø{marker:04d}ær"
        person.texts.append(text)
        add({"type": "retraction", "event": wrong["id"], "reason": f"feil: {text}"},
            date.fromisoformat(wrong["date"]), draw(st.integers(0, 30)), after=wrong["recorded_at"])
    if ending == "none":
        return out
    if ending == "transfer":
        add({"type": "transfer_to_nav"}, end, late())
        return out
    if ending == "aborted":
        add({"type": "exit", "kind": "aborted", "by": draw(st.sampled_from(["participant", "decision"])),
             "reason": draw(st.sampled_from(REASONS))}, end, late())
        return out
    add({"type": "exit", "kind": "completed", "outcome": draw(st.sampled_from(OUTCOMES))}, end,
        draw(st.integers(0, 3)))
    for months in (6, 12):
        if draw(st.booleans()):
            employed = draw(st.booleans())
            add({"type": "follow_up", "months": months, "employed": employed,
                 **({"industry": "cleaning"} if employed and draw(st.booleans()) else {})},
                add_months(end, months) + timedelta(days=draw(st.integers(0, 20))), late())
    return out


@st.composite
def histories(draw, most: int = 7):
    """(facts in recording order, {id: Person})."""
    count = draw(st.integers(2, most), label="participants")
    # Ids from the whole alphabet of events.md (a leading `-` or `ps-` too), all of one length and
    # distinct, so none is inside another. Each ends in a letter no date, timestamp, hex digest,
    # pseudonym or event id has, and its own digit: an id found in a file is there, not a part
    # of another value.
    size = draw(st.integers(4, 38), label="id length")
    ids = [draw(st.from_regex(rf"[A-Za-z0-9._-]{{{size}}}", fullmatch=True))
           + draw(st.sampled_from("ghkmqsuwyzGHKMQSUWY_")) + str(n) for n in range(count)]
    # each participant's values from a slot of the range of their own: distinct by construction
    years = [draw(st.integers(1940 + 7 * n, 1946 + 7 * n)) for n in range(count)]
    resident = [draw(st.dates(*slot(RESIDENCE, n))) for n in range(count)]
    assistance = [draw(st.dates(*slot(ASSISTANCE, n))) for n in range(count)]
    people = {pid: Person(pid, years[n], resident[n].isoformat(), assistance[n].isoformat())
              for n, pid in enumerate(ids)}
    timed = [item for n, person in enumerate(people.values())
             for item in participation(draw, n, person, n)]
    timed.sort(key=lambda t: (t[0], t[2]["participant"], t[1]))
    return [fact for _, _, fact in timed], people


# -- driving the command line -------------------------------------------------------------------

class Store:
    """One SQLite store in a folder of its own, driven through the command line in-process."""

    def __init__(self, folder: str):
        self.folder = folder
        self.db = os.path.join(folder, "store.db")
        self.runner = CliRunner()

    def run(self, *args, stdin: str | None = None):
        result = self.runner.invoke(cli, [str(a) for a in args], input=stdin,
                                    env={"NYSJANSE_DB": self.db, "NYSJANSE_USER": "kari",
                                         "NYSJANSE_VIEWS": None, "NYSJANSE_KEY_FILE": None})
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            repr(result.exception)
        return result

    def ok(self, *args, stdin: str | None = None) -> str:
        result = self.run(*args, stdin=stdin)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    def load(self, facts: list[dict]) -> None:
        if facts:
            self.ok("import", "-", stdin="".join(json.dumps(f, ensure_ascii=False) + "\n"
                                                  for f in facts))

    def row_counts(self) -> dict[str, int]:
        conn = open_db(self.db)
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            conn.close()


@pytest.fixture
def stores(tmp_path):
    """A new folder per call (hypothesis runs many examples in one test's tmp_path)."""
    def new() -> Store:
        return Store(tempfile.mkdtemp(dir=tmp_path))
    yield new
    from projections import tables
    tables.close_programmes()


# Knowledge times: in the middle of the history, after it, and now (after the erasure).
KNOWN = (None, "2008-06-30T12:00:00+02:00", "2020-01-01T00:00:00Z")
DAYS = ("2007-06-30", "2008-12-31", "2010-03-31")
LISTS_KNOWN = (None, "2020-01-01T00:00:00Z")


def years_of(facts: list[dict]) -> list[int]:
    """Every year the history touches, and this year (the erasures' own)."""
    touched = range(min(int(f["date"][:4]) for f in facts), max(int(f["date"][:4]) for f in facts) + 1)
    return sorted({*touched, date.today().year})


def figures(store: Store, years: list[int]) -> dict:
    out = {}
    for year in years:
        for known in KNOWN:
            out[("stats", year, known)] = store.ok(
                "stats", year, "--format", "json", *(["--known-at", known] if known else []))
    for year in years:  # who is behind a count: by pseudonym once erased, the same events
        out[("explain", year)] = json.loads(store.ok("explain", year, "participants", "--format", "json"))
    for day in DAYS:
        for kind in ("status", "caseload"):
            for known in LISTS_KNOWN:
                out[(kind, day, known)] = json.loads(store.ok(
                    kind, "--date", day, "--format", "json",
                    *(["--known-at", known] if known else [])))
    return out


def names_in(listing: dict) -> list[str]:
    if "figure" in listing:
        return [e["participant"] for e in listing["participants"]]
    if "active" in listing:
        return [e["participant"] for e in listing["active"]]
    return [p for c in listing["counsellors"] for p in c["participants"]]


def renamed(listing: dict, names: dict[str, str]) -> dict:
    """A status or caseload answer with participants renamed, in the order each list keeps."""
    data = json.loads(json.dumps(listing))
    if "figure" in data:
        for e in data["participants"]:
            e["participant"] = names.get(e["participant"], e["participant"])
        data["participants"].sort(key=lambda e: e["participant"])
    elif "active" in data:
        for e in data["active"]:
            e["participant"] = names.get(e["participant"], e["participant"])
        data["active"].sort(key=lambda e: e["participant"])
    else:
        for c in data["counsellors"]:
            c["participants"] = sorted(names.get(p, p) for p in c["participants"])
    return data


def assert_same_up_to_names(before: dict, after: dict, names: dict[str, str]) -> None:
    for key, value in before.items():
        if key[0] == "stats":
            assert after[key] == value, key  # the very same bytes
        else:
            assert renamed(after[key], {}) == renamed(value, names), key


def erase(store: Store, pid: str, reason: str) -> str:
    out = store.ok("erase", "--reason", reason, "--", pid)
    return re.fullmatch(rf"erased {re.escape(pid)}; now (ps-[0-9a-f]{{16}})\n", out).group(1)


# -- what the files hold ------------------------------------------------------------------------

def values_of(path: str):
    """Every text and blob value of every table of one of nysjanse's SQLite files, read with the
    master key, as (table, column, value)."""
    conn = open_db(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            cursor = conn.execute(f'SELECT * FROM "{t}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row):
                    if isinstance(value, (str, bytes)):
                        yield t, column, value
                    elif column == "birth_year" and value is not None:
                        yield t, column, str(value)
    finally:
        conn.close()


def birth_years_in(value) -> list:
    """The values of every `birth_year` inside a JSON text (at any depth)."""
    if isinstance(value, dict):
        return [v for k, x in value.items() for v in ([x] if k == "birth_year" else birth_years_in(x))]
    if isinstance(value, list):
        return [v for x in value for v in birth_years_in(x)]
    return []


def leaks(folder: str, people: list[Person]) -> list[str]:
    """What the files of a folder (a SQLite store's: the store, read models, access log and
    their -wal/-shm) hold of the people."""
    files = sorted(os.listdir(folder))
    assert any(name.endswith(".views.db") for name in files), files  # the read models are looked at
    return leaks_in_files([os.path.join(folder, name) for name in files], people)


# SQLCipher 4's page layout (store.sqlcipher: its defaults, the raw key, no key derivation): each
# page AES-256-CBC encrypted but for its last 80 bytes, which start with the page's IV; page 1
# begins with the file's 16-byte salt. A -wal file: a 32-byte header, then frames of a 24-byte
# header (the page number first) and one page.
PAGE, RESERVED, SALT = 4096, 80, 16


def decrypted(key: bytes, page: bytes, first: bool) -> bytes:
    """One page of a SQLCipher file as SQLite wrote it, before encryption."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    iv = page[PAGE - RESERVED:PAGE - RESERVED + 16]
    opened = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return opened.update(page[SALT if first else 0:PAGE - RESERVED]) + opened.finalize()


def every_page(path: str, raw: bytes) -> bytes:
    """Every page of a database or -wal file decrypted: also the free pages and the free space in
    pages, and the old frames of a -wal, which no query reads."""
    from store import keys
    key = bytes.fromhex(keys.find()[0].hex)
    if path.endswith("-wal"):
        frames = range(32, len(raw) - PAGE - 23, PAGE + 24)
        return b"".join(decrypted(key, raw[at + 24:at + 24 + PAGE],
                                  int.from_bytes(raw[at:at + 4], "big") == 1) for at in frames)
    pages = [decrypted(key, raw[at:at + PAGE], at == 0) for at in range(0, len(raw), PAGE)]
    # the check sees what SQLite wrote: page 1's header (after the salt) says the page size
    assert not pages or pages[0][:2] == PAGE.to_bytes(2, "big"), path
    return b"".join(pages)


def leaks_in_files(paths: list[str], people: list[Person]) -> list[str]:
    found = []
    for path in paths:
        name = os.path.basename(path)
        raw = open(path, "rb").read()
        pages = every_page(path, raw) if name.endswith((".db", "-wal")) else b""
        for person in people:
            found += [f"{name}: raw bytes hold {s!r}" for s in person.secrets()
                      if s.encode() in raw]
            found += [f"{name}: a decrypted page holds {s!r}" for s in person.secrets()
                      if s.encode() in pages]
        if name.endswith((".db", ".sqlite")):
            for table, column, value in values_of(path):
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                for person in people:
                    found += [f"{name} {table}.{column} holds {s!r}" for s in person.secrets()
                              if s in text]
                    if column == "birth_year" and text == str(person.birth_year):
                        found.append(f"{name} {table}.{column} is {person.pid}'s birth year")
                    if text[:1] in "{[" and person.birth_year in _birth_years(text):
                        found.append(f"{name} {table}.{column} holds {person.pid}'s birth year")
    return found


def _birth_years(text: str) -> list:
    try:
        return birth_years_in(json.loads(text))
    except ValueError:
        return []


# -- the properties -----------------------------------------------------------------------------

@st.composite
def erasures(draw, reasons=True):
    """A history, and who is erased when: [(after how many of the history's facts, id)] in the
    order erased (each after their own intake), and the reason given."""
    facts, people = draw(histories())
    chosen = draw(st.lists(st.sampled_from(sorted(people)), min_size=1, max_size=3, unique=True))
    points = []
    for pid in chosen:
        intake = next(i for i, f in enumerate(facts) if f["participant"] == pid)
        points.append((draw(st.integers(intake + 1, len(facts)), label=f"{pid} erased after"), pid))
    return facts, people, sorted(points), draw(GOOD_REASONS) if reasons else "asked"


def recorded_with(facts: list[dict], points: list[tuple[int, str]]) -> list[dict]:
    """The facts a store holds, in recording order, when each erased participant's later facts
    could not be recorded."""
    until = {pid: at for at, pid in points}
    return [f for i, f in enumerate(facts) if i < until.get(f["participant"], len(facts))]


def views_files(store: Store) -> list[str]:
    return [os.path.join(store.folder, n) for n in os.listdir(store.folder) if ".views.db" in n]


@bounded(8)
@given(case=erasures(), forget_views=st.booleans())
def test_erasure_keeps_every_figure_and_leaves_nothing_personal(stores, case, forget_views):
    facts, people, points, reason = case
    chosen = [pid for _, pid in points]
    years = years_of(facts)
    store = stores()
    names: dict[str, str] = {}
    done = 0
    for at, pid in points:  # the history up to each erasure, then the erasure
        store.load([f for f in facts[done:at] if f["participant"] not in names])
        done = at
        before = figures(store, years)
        assert leaks(store.folder, [people[pid]]), pid  # the check can find what it looks for
        if forget_views:  # the read models made again after the erasure, from the log alone
            for path in views_files(store):
                os.remove(path)
        names[pid] = erase(store, pid, reason)
        after = figures(store, years)
        assert_same_up_to_names(before, after, {pid: names[pid]})
        shown = json.dumps([v for k, v in after.items() if k[0] != "stats"])
        assert pid not in shown
        for key, listing in before.items():
            if key[0] != "stats":  # in a list once, by the one pseudonym
                assert names_in(after[key]).count(names[pid]) == names_in(listing).count(pid) <= 1
    assert len(set(names.values())) == len(names)

    # the rest recorded after the erasures; as a store that recorded the same and erased no one
    store.load([f for f in facts[done:] if f["participant"] not in names])
    recorded = recorded_with(facts, points)
    control = stores()
    control.load(recorded)
    finished = figures(store, years)
    assert_same_up_to_names(figures(control, years), finished, names)
    log = store.ok("access-log", "--format", "json")
    assert not any(pid in log for pid in chosen)

    erased = [people[pid] for pid in chosen]
    assert leaks(store.folder, erased) == []
    store.ok("rebuild")  # the read models made again from the events bring nothing back
    assert leaks(store.folder, erased) == []
    assert figures(store, years) == finished

    exported = store.ok("export")
    check_exported(exported, recorded, chosen, names, reason)
    again = store.run("import", "-", stdin=exported)  # every line already stored: a no-op
    assert (again.exit_code, again.output.startswith("imported 0 events")) == (0, True), again.output
    assert store.ok("export") == exported
    copy = stores()
    copy.load([json.loads(line) for line in exported.splitlines()])
    assert {k: v for k, v in figures(copy, years).items() if k[0] == "stats"} == \
        {k: v for k, v in finished.items() if k[0] == "stats"}
    assert copy.ok("export") == exported
    assert leaks(copy.folder, erased) == []
    # what was known before the erasures, exported now, is that knowledge without the persons
    then = KNOWN[-1]
    early = store.ok("export", "--known-at", then)
    assert not any(pid in early for pid in chosen)
    known = stores()
    known.load([json.loads(line) for line in early.splitlines()])
    for year in years:
        assert known.ok("stats", year, "--format", "json") == finished[("stats", year, then)]


PERSONAL = {"intake": ("resident_since", "assistance_since", "birth_year", "intro_programme"),
            "absence": ("note",), "retraction": ("reason",)}


def check_exported(exported: str, recorded: list[dict], chosen: list[str], names: dict,
                   reason: str) -> None:
    """events.md 1.1: every event recorded, in recording order; an erased participant's under
    the pseudonym, marked erased and without the personal fields, followed by one `erasure`."""
    lines = [json.loads(line) for line in exported.splitlines()]
    assert not any(pid in exported for pid in chosen)
    assert [f["id"] for f in lines if f["type"] != "erasure"] == [f["id"] for f in recorded]
    for pid in chosen:
        mine = [f for f in lines if f["participant"] == names[pid]]
        *retained, erasure = mine
        originals = [f for f in recorded if f["participant"] == pid]
        assert [f["id"] for f in retained] == [f["id"] for f in originals]
        for fact, original in zip(retained, originals):
            personal = PERSONAL.get(fact["type"], ())
            assert fact.pop("erased") is True
            assert fact == {k: v for k, v in original.items() if k not in personal} | \
                {"participant": names[pid]}
        assert set(erasure) == {"type", "participant", "date", "id", "recorded_at", "recorded_by",
                                "reason"}
        assert (erasure["type"], erasure["recorded_by"]) == ("erasure", "kari")
        assert erasure["reason"] == reason


# -- hostile input around an erasure ------------------------------------------------------------

BIDI = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
FORBIDDEN = [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), *BIDI, "\ud800", "\udfff"]
BAD_REASONS = st.one_of(
    st.text(alphabet=" \u00a0\u2003\u3000", max_size=4),  # empty or blank
    st.tuples(st.text(max_size=10), st.sampled_from(FORBIDDEN), st.text(max_size=10)).map("".join),
    st.tuples(st.integers(1001, 4000), st.sampled_from("xø漢😀")).map(lambda nc: nc[1] * nc[0]),
)
# A reason the format accepts (ordinary text, also what output escapes: U+200F, U+2028).
GOOD_REASONS = st.one_of(
    st.sampled_from(["x", "x" * 1000, "ø" * 1000, "a\u2028b\u200fc\u00a0d\u0301e 😀"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"],
                          exclude_characters="".join(BIDI)),
            min_size=1, max_size=60).filter(str.strip))
NON_IDS = st.text(max_size=70).filter(lambda s: not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", s))
BAD_USERS = st.one_of(st.sampled_from(["", "   ", "kari\nola", "\u202ekari", "k" * 101]),
                      st.tuples(st.text(max_size=5), st.sampled_from(FORBIDDEN)).map("".join))
UNKNOWN = st.one_of(st.from_regex(r"[A-Za-z0-9._-]{1,64}", fullmatch=True),
                    st.from_regex(r"ps-[0-9a-f]{16}", fullmatch=True))


def recordings(who: str, counsellor: str = "c9") -> list[list[str]]:
    """Every kind of recording for a participant (each valid for a live one in some history)."""
    return [["plan", "--measure", "other", "--date", "2010-01-04", "--", who],
            ["absence", "--days", "1", "--valid", "--note", "n", "--date", "2010-01-04", "--", who],
            ["suspend", "--reason", "other", "--date", "2010-01-04", "--", who],
            ["resume", "--date", "2010-01-04", "--", who],
            ["counsellor", "--counsellor", counsellor, "--date", "2010-01-04", "--", who],
            ["exit", "--completed", "--outcome", "education", "--date", "2010-01-04", "--", who],
            ["transfer", "--date", "2010-01-04", "--", who],
            ["follow-up", "--months", "6", "--employed", "--date", "2010-01-04", "--", who],
            ["intake", "--project", "Bergen", "--counsellor", counsellor, "--gender", "F",
             "--country", "SO", "--resident-since", "1990-01-01", "--assistance-since",
             "2000-01-01", "--date", "2010-01-04", "--", who]]


def one_sentence(store: Store, args: list[str], message: str | None = None) -> str:
    """The command exits 1 with one line on stderr, prints nothing else, writes no row."""
    counts = store.row_counts()
    result = store.run(*args)
    assert (result.exit_code, result.stdout) == (1, ""), (args, result.output)
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), (args, result.stderr)
    assert re.match(r"(error|refused|invalid): \S", result.stderr), result.stderr
    if message is not None:
        assert result.stderr == message, args
    assert store.row_counts() == counts, args
    return result.stderr


@bounded(10)
@given(history=histories(most=3), data=st.data())
def test_hostile_input_around_an_erasure_is_one_sentence_and_writes_nothing(stores, history, data):
    from domain.unsafe import escape
    facts, people = history
    who, other = data.draw(st.permutations(sorted(people)), label="erased, live")[:2]
    store = stores()
    store.load(facts)
    counts = store.row_counts()
    one_sentence(store, ["erase", "--reason", data.draw(BAD_REASONS, label="bad reason"), "--", who])
    assert store.row_counts() == counts
    # who erases, with which key, in which store: checked before anything is written
    one_sentence(store, ["erase", "--user", data.draw(BAD_USERS, label="user"), "--reason", "asked",
                         "--", who])
    other_key = os.path.join(store.folder, "other.key")
    store.ok("key", "new", other_key)
    one_sentence(store, ["erase", "--key-file", other_key, "--reason", "asked", "--", who])
    missing = os.path.join(store.folder, "missing.db")
    one_sentence(store, ["erase", "--db", missing, "--reason", "asked", "--", who])
    assert not [n for n in os.listdir(store.folder) if n.startswith("missing")]
    unknown = data.draw(UNKNOWN.filter(lambda u: u not in people), label="unknown")
    one_sentence(store, ["erase", "--reason", "asked", "--", unknown])
    not_an_id = store.run("erase", "--reason", "asked", "--", data.draw(NON_IDS, label="no id"))
    assert (not_an_id.exit_code, not_an_id.stdout) == (2, "")  # a usage error, as for every command
    assert not_an_id.stderr.splitlines()[-1].startswith("Error: Invalid value for 'PARTICIPANT': ")
    assert store.row_counts() == counts

    reason = data.draw(GOOD_REASONS, label="reason")
    pseudonym = erase(store, who, reason)
    day = erasure_day(store, pseudonym)
    counts = store.row_counts()
    erased = f"error: {who} was erased on {day} by kari: {escape(reason)}\n"
    for command in (["show", "--date", "2008-12-31", "--", who], ["history", "--", who]):
        one_sentence(store, command, erased)
    for command in (["show", "--date", "2008-12-31", "--", pseudonym], ["history", "--", pseudonym]):
        assert f"was erased on {day} by kari: " in one_sentence(store, command)
    one_sentence(store, ["erase", "--reason", reason, "--", who],
                 f"refused: {who} is already erased\n")
    one_sentence(store, ["erase", "--reason", "asked", "--", pseudonym])
    for name in (who, pseudonym):
        for command in recordings(name):
            assert "erased" in one_sentence(store, command), command
        line = json.dumps({"type": "absence", "participant": name, "date": "2010-01-04", "days": 1,
                           "valid": True})
        refused = store.run("import", "-", stdin=line + "\n")
        assert refused.exit_code == 1 and "erased" in refused.stderr
    mine = [f for f in facts if f["participant"] == who]
    one_sentence(store, ["retract", "--reason", "wrong", "--", data.draw(st.sampled_from(mine))["id"]])
    today = date.today().isoformat()
    for line in [
        data.draw(st.sampled_from(mine), label="an erased fact as first recorded"),
        {"type": "erasure", "participant": pseudonym, "date": day, "reason": "again"},
        {"type": "absence", "participant": pseudonym, "date": "2010-01-04", "days": 1,
         "valid": True, "erased": True},
        {"type": "erasure", "participant": other, "date": today, "reason": "by import"},
        {"type": "intake", "participant": "ps-00000000000000ab", "date": "2008-01-10",
         "project": "Bergen", "counsellor": "c1", "gender": "M", "country": "SO", "erased": True,
         data.draw(st.sampled_from(PERSONAL["intake"])): "1990-01-01"},
    ]:
        import_refused(store, line)
    assert store.row_counts() == counts
    # the hostile reason erased nothing: the other participant is there by their id
    assert other in store.ok("history", "--format", "json", "--", other)


def import_refused(store: Store, line: dict) -> None:
    """One line imported: refused with its reason, nothing imported, no row written."""
    counts = store.row_counts()
    result = store.run("import", "-", stdin=json.dumps(line, ensure_ascii=False) + "\n")
    assert (result.exit_code, result.stdout) == (1, ""), (line, result.output)
    assert re.fullmatch(r"line 1: \S[^\n]*\nrefused: 1 invalid line; nothing was imported\n",
                        result.stderr), (line, result.stderr)
    assert store.row_counts() == counts


def erasure_day(store: Store, pseudonym: str) -> str:
    lines = [json.loads(line) for line in store.ok("export").splitlines()]
    return next(f["date"] for f in lines if f["type"] == "erasure" and f["participant"] == pseudonym)


# -- the same on PostgreSQL (fewer examples: a database each) -----------------------------------

def pg_values(url: str) -> str:
    """Every text and binary value of every table of the PostgreSQL database, as text."""
    import psycopg
    out = []
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]
        for t in tables:
            for row in conn.execute(f'SELECT * FROM "{t}"'):
                out += [v.decode("utf-8", "replace") if isinstance(v, (bytes, memoryview))
                        and not isinstance(v, str) else str(v) for v in row
                        if isinstance(v, (str, bytes, memoryview))]
    return "\n".join(out)


@bounded(3)
@given(case=erasures(reasons=False))
def test_erasure_on_postgresql_keeps_the_figures_and_leaves_nothing(pg_server, stores, tmp_path,
                                                                    case):
    import uuid

    import psycopg
    from projections import tables
    from tests.conftest import on_database
    facts, people, points, _ = case
    chosen, at = [pid for _, pid in points], points[-1][0]
    name = f"nysjanse_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(on_database(pg_server, "postgres"), autocommit=True, connect_timeout=5)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = on_database(pg_server, name)
    store = Store(str(tmp_path))
    store.db = url
    try:
        years = years_of(facts)
        store.load(facts[:at])
        before = figures(store, years)
        names = {pid: erase(store, pid, "asked") for pid in chosen}
        assert_same_up_to_names(before, figures(store, years), names)
        rows = pg_values(url)
        views = tables.views_path(url)
        files = [p for p in (views, views + "-wal") if os.path.exists(p)]
        for pid in chosen:
            assert [s for s in people[pid].secrets() if s in rows] == []
        assert leaks_in_files(files, [people[pid] for pid in chosen]) == []
        for pid in chosen:
            for args in (["plan", "--measure", "other", "--", names[pid]],
                         ["erase", "--reason", "again", "--", pid], ["history", "--", pid]):
                refused = store.run(*args)
                assert (refused.exit_code, refused.stdout, refused.stderr.count("\n")) == (1, "", 1)
                assert "erased" in refused.stderr
        copy = stores()  # the export of a PostgreSQL store into an empty SQLite one
        exported = store.ok("export")
        check_exported(exported, facts[:at], chosen, names, "asked")
        copy.load([json.loads(line) for line in exported.splitlines()])
        assert {k: v for k, v in figures(copy, years).items() if k[0] == "stats"} == \
            {k: v for k, v in before.items() if k[0] == "stats"}
    finally:
        tables.close_programmes()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# -- pages written over and over ----------------------------------------------------------------

def test_no_page_keeps_a_copy_after_many_pages_were_rebalanced(stores):
    """The erased participant recorded first and read, then three copies of the sample recorded
    after (the tables' pages split and rebalanced, leaving stale copies of rows in free space):
    after the erasure no page of any file, decrypted, holds the id or the note."""
    from tests.conftest import sample_facts
    store = stores()
    person = Person("zq.Erased-9", 1961, "1991-04-05", "2003-02-01", ["Ø0042æ0å"])
    store.ok("intake", "--project", "Bergen", "--counsellor", "cz", "--gender", "F", "--country",
             "SO", "--resident-since", person.resident_since, "--assistance-since",
             person.assistance_since, "--birth-year", person.birth_year, "--date", "2008-03-01",
             "--", person.pid)
    store.ok("absence", "--days", "1", "--valid", "--note", f"notat {person.texts[0]}", "--date",
             "2008-03-03", "--", person.pid)
    store.ok("show", "--date", "2008-06-30", "--", person.pid)
    for copy in ("a", "b", "c"):
        renamed_facts = []
        for fact in sample_facts():
            fact = {**fact, "participant": f"{copy}-{fact['participant']}"}
            for key in ("id", "event", "counsellor"):
                if key in fact:
                    fact[key] = f"{copy}-{fact[key]}"
            renamed_facts.append(fact)
        store.load(renamed_facts)
        store.ok("status", "--date", "2008-06-30")
    before = leaks(store.folder, [person])
    assert any("decrypted page" in leak for leak in before), before
    erase(store, person.pid, "asked")
    assert leaks(store.folder, [person]) == []
