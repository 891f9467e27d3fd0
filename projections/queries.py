"""The read side's public API: plain data for the CLI, from read models caught up first.

Every function takes the store (`db`: a path, or a postgresql:// URL), optionally the read
models' file (`views`, default `views_path(db)`) and the master key that opens both (`key`, a
`store.keys.MasterKey`; default the per-user key); the knowledge time `known_at` is an ISO 8601
timestamp with offset (`2009-01-31T00:00:00+01:00`), None for everything recorded.
Days are `YYYY-MM-DD` strings. Bad input raises ValueError (domain.facts.InvalidFact).

The modules that compute (figures, participations, domain.timeline) are imported only when a
figure is not in the cache: a repeated read costs little more than starting Python.
"""
from __future__ import annotations

from domain.messages import Said
from . import cache, people
from .store import current
from .store import rebuild as _rebuild
from .tables import views_path


class UnknownParticipant(Said):
    """No fact of that participant (or counsellor) is stored (or known at the chosen time)."""


def ids(db, kind: str, views: str | None = None, key=None) -> list[str]:
    """Every stored participant, event or counsellor id (for shell completion)."""
    from . import facts as fact_rows
    conn = current(db, views, key)
    try:
        if kind == "participant":  # the facts name pseudonyms; ids are only in `names`
            return [row[0] for row in conn.execute(
                f"SELECT participant FROM {people.NAMES} ORDER BY participant")]
        return fact_rows.ids(conn, kind)
    finally:
        conn.close()


def _require_counsellor(db, views, key, counsellor: str | None, known_at: str | None) -> None:
    if counsellor is None:
        return
    from . import facts as fact_rows
    conn = current(db, views, key)
    try:
        known = fact_rows.counsellor_known(conn, counsellor, knowledge(known_at))
    finally:
        conn.close()
    if not known:
        raise UnknownParticipant("no counsellor '{counsellor}' is known",
                                 counsellor=counsellor)


def knowledge(known_at: str | None) -> str | None:
    """The knowledge time as a `domain.values.utc_key` string (ValueError when malformed)."""
    if known_at is None:
        return None
    from domain.values import utc_key
    return utc_key(known_at, "known_at")


def _day(day: str) -> str:
    from domain.values import parse_day
    parse_day(day, "date")  # InvalidFact, a ValueError, when it is not a day
    return day


def _figures(db, views, key, known_at, kind: str, args: tuple, compute,
             seen: list | None = None, with_head: bool = False):
    """compute(sqlite connection, knowledge time), or the answer already computed at the
    read models' current position; the pseudonyms it lists are added to `seen` (the access
    log names them); with_head: (that, the log's head it was computed from)."""
    utc = knowledge(known_at)
    conn = current(db, views, key)
    try:
        conn.execute("BEGIN")  # one snapshot: the position and the rows read agree
        position = conn.execute("SELECT position FROM tracking").fetchone()[0]
        computed = []
        name = cache.key(kind, *args, utc)
        data = cache.get(conn, name, position)
        if data is None:
            data = compute(conn, utc)
            computed.append((name, data))
        head = None
        if with_head and utc is None:  # recorded in the tracking row: nothing to cache
            head = head_of(conn, db, utc, key)
        elif with_head:
            head_name = cache.key("head", utc)
            head = cache.get(conn, head_name, position)
            if head is None:
                head = head_of(conn, db, utc, key)
                computed.append((head_name, head))
        conn.rollback()
        for name, value in computed:
            cache.put(conn, name, position, value)  # by pseudonym: named below, every time
        if seen is not None:
            seen.extend(people.listed(kind, data))
        data = people.named(conn, kind, data)
        return (data, head) if with_head else data
    finally:
        conn.close()


NO_RECORD = "0" * 64  # the head of a log with no record (store.chain.GENESIS)


def head_of(conn, db, utc: str | None, key=None) -> dict:
    """The log's head that figures read from `conn` (read models caught up, in one read
    transaction) were computed from: {"position": N, "digest": 64 hex, or None when the store
    has no chain entry there}.

    Without a knowledge time: the position the read models are at, and the digest recorded
    when they caught up to it. Known at T: the last record the figures can depend on, the
    highest position of a fact recorded by T (0 when none: nothing was known), and its digest
    read from the store's chain by position (`_figures` caches it per position and time)."""
    if utc is None:
        position, digest = conn.execute("SELECT position, head FROM tracking").fetchone()
        return {"position": position, "digest": digest if position else NO_RECORD}
    row = conn.execute("SELECT position FROM facts WHERE recorded_utc <= ? "
                       "ORDER BY position DESC LIMIT 1", (utc,)).fetchone()
    if row is None:
        return {"position": 0, "digest": NO_RECORD}
    from .tables import store_digest
    digest = store_digest(db, row[0], key)
    return {"position": row[0], "digest": None if digest is None else digest.hex()}


def stats(db, year: int, known_at: str | None = None, views: str | None = None,
          key=None) -> dict:
    """`nysjanse stats YEAR`: exactly the keys of statistics.md."""
    return _stats(db, year, known_at, views, key, with_head=False)


def stats_with_head(db, year: int, known_at: str | None = None, views: str | None = None,
                    key=None) -> tuple[dict, dict]:
    """`stats`, and the log's head it was computed from (`head_of`): the table's last line."""
    return _stats(db, year, known_at, views, key, with_head=True)


def _stats(db, year, known_at, views, key, with_head: bool):
    year = int(year)

    def compute(conn, utc):
        from . import figures
        from . import participations as snaps
        return figures.stats(snaps.known_at(conn, utc, *figures.year_filter(year)), year)
    return _figures(db, views, key, known_at, "stats", (year,), compute,
                    with_head=with_head)


def explain(db, year: int, figure: str, known_at: str | None = None,
            views: str | None = None, key=None, seen: list | None = None) -> dict:
    """`nysjanse explain YEAR FIGURE`: the participants behind a count of `stats YEAR` and
    the events that put them there; NotACount (a ValueError) for a path that is no count."""
    year = int(year)

    def compute(conn, utc):
        from . import audit
        return audit.explain(_counts(conn, utc, year), figure, known_at)
    # known_at as given is in the answer: two spellings of one instant are two entries
    return _figures(db, views, key, known_at, "explain", (year, figure, known_at), compute,
                    seen)


def _counts(conn, utc: str | None, year: int):
    from . import figures
    from . import participations as snaps
    from .counts import Counts
    return Counts(snaps.known_at(conn, utc, *figures.year_filter(year)), year)


def changes(db, year: int, since: str, until: str | None = None,
            views: str | None = None, key=None, seen: list | None = None) -> dict:
    """`nysjanse changes YEAR --from T1 [--to T2]`: every figure of `stats YEAR` that differs
    between what was known at T1 and at T2 (None: now), and why. ValueError when T1 is after
    T2."""
    year = int(year)
    start = _window(since, until)

    def compute(conn, utc):
        return changes_in(conn, year, since, until, start, utc)
    return _figures(db, views, key, until, "changes", (year, since, until), compute, seen)


def _window(since: str, until: str | None, names: tuple[str, str] = ("--from", "--to")) -> str:
    """T1 as a knowledge key; ValueError (naming the options) when it is malformed or after
    T2."""
    start = knowledge(since)
    if until is not None and start > knowledge(until):
        from domain.values import InvalidFact
        raise InvalidFact("{first} {since} is later than {second} {until}", first=names[0],
                          since=since, second=names[1], until=until)
    return start


def changes_in(conn, year: int, since: str, until: str | None, start: str, end: str | None,
               after=None) -> dict:
    """`changes` read on an open read-model connection (`start`, `end`: T1 and T2 as
    knowledge keys); `after`, the `counts.Counts` at T2 when the caller has them (the report,
    so that its figures and its appendix come from one read)."""
    from . import audit
    from . import facts as fact_rows
    found = audit.changed(_counts(conn, start, year), after or _counts(conn, end, year))
    moved = sorted({p for c in found
                    for p in (*c["participants_added"], *c["participants_removed"])})
    touched = fact_rows.touched(conn, moved, start, end)
    audit.account(found, audit.window_events(touched, start, end))
    return {"year": year, "from": since, "to": until, "changes": found}


def changes_since(conn, year: int, since: str, until: str | None, after,
                  seen: list | None = None) -> dict:
    """The report's appendix: `changes YEAR --from since --to until` on the report's own read
    (`after`: its counts); ValueError when `since` is after `until`. The pseudonyms it names
    are added to `seen` (the access log names them, as for `changes`)."""
    start = _window(since, until, ("--changes-since", "--known-at"))
    found = changes_in(conn, year, since, until, start, knowledge(until), after)
    if seen is not None:
        seen.extend(people.listed("changes", found))
    return people.named(conn, "changes", found)


def _on_day(name: str, day: str, *args):
    def compute(conn, utc):
        from . import figures
        from . import participations as snaps
        rows = snaps.known_at(conn, utc, *figures.active_filter(day))
        return getattr(figures, name)(rows, day, *args)
    return compute


def status(db, day: str, known_at: str | None = None, views: str | None = None,
           key=None, seen: list | None = None) -> dict:
    """`nysjanse status --date D`: every participation active on D, and the summary."""
    day = _day(day)
    return _figures(db, views, key, known_at, "status", (day,), _on_day("status", day), seen)


def caseload(db, day: str, counsellor: str | None = None, known_at: str | None = None,
             views: str | None = None, key=None, seen: list | None = None) -> dict:
    """`nysjanse caseload --date D`: exactly statistics.md's JSON. A counsellor no fact names
    raises UnknownParticipant."""
    day = _day(day)
    _require_counsellor(db, views, key, counsellor, known_at)
    return _figures(db, views, key, known_at, "caseload", (day, counsellor),
                    _on_day("caseload", day, counsellor), seen)


def caseload_detail(db, day: str, counsellor: str | None = None, known_at: str | None = None,
                    views: str | None = None, key=None, seen: list | None = None) -> dict:
    """caseload plus, per counsellor, `details` per participant with `attention` flags
    (for the table: `render.table("caseload", caseload_detail(...))`)."""
    day = _day(day)
    _require_counsellor(db, views, key, counsellor, known_at)
    return _figures(db, views, key, known_at, "caseload_detail", (day, counsellor),
                    _on_day("caseload_detail", day, counsellor), seen)


def _erased(db, key, conn, participant: str) -> None:
    """UnknownParticipant saying when and why, for an erased participant (by id or
    pseudonym); nothing for anyone else."""
    from . import owners
    own, named = owners.entry(db, participant, key)
    found = own if own is not None else named
    if found is None or not found.erased:
        return
    erasure = found.erasure if found.tombstone else people.erasure(conn, found.pseudonym)
    if erasure is None:
        raise UnknownParticipant("{participant} was erased before being imported into this store",
                                 participant=participant)
    day, by, reason = erasure
    raise UnknownParticipant("{participant} was erased on {day} by {by}: {reason}",
                             participant=participant, day=day, by=by, reason=reason)


def _pseudonym(db, key, conn, participant: str) -> str | None:
    """The pseudonym a live participant is stored under; UnknownParticipant for an erased one."""
    pseudonym = people.pseudonym_of(conn, participant)
    if pseudonym is None:
        _erased(db, key, conn, participant)
    return pseudonym


def show(db, participant: str, day: str, known_at: str | None = None,
         views: str | None = None, key=None, seen: list | None = None) -> dict:
    """`nysjanse show P --date D`; raises UnknownParticipant (saying so when P was erased)."""
    from . import facts as fact_rows
    from . import owners
    from . import participant as one
    day = _day(day)
    utc = knowledge(known_at)
    conn = current(db, views, key)
    try:
        pseudonym = _pseudonym(db, key, conn, participant)
        known = fact_rows.known(conn, pseudonym, utc) if pseudonym else []
    finally:
        conn.close()
    if not known:
        raise unknown_participant(participant, known_at)
    if seen is not None:
        seen.append(pseudonym)
    return one.show(participant, owners.opener(db, pseudonym, key)(known), day)


def unknown_participant(participant: str, known_at: str | None) -> UnknownParticipant:
    """The one sentence every command gives for a participant it does not know."""
    if known_at:
        return UnknownParticipant("no participant '{participant}' is known at {known_at}",
                                  participant=participant, known_at=known_at)
    return UnknownParticipant("no participant '{participant}' is known", participant=participant)


def history(db, participant: str, known_at: str | None = None,
            views: str | None = None, key=None, seen: list | None = None) -> list[dict]:
    """`nysjanse history P`: every fact in recording order, retracted ones and retractions
    too, each with `retracted_by` (the retraction's id) and `retracted_at` (its recorded_at).
    With `known_at`, the record as it stood then: facts recorded later left out, retractions
    recorded later not applied."""
    from . import facts as fact_rows
    from . import owners
    utc = knowledge(known_at)
    conn = current(db, views, key)
    try:
        pseudonym = _pseudonym(db, key, conn, participant)
        found = (fact_rows.history(conn, pseudonym, utc, owners.opener(db, pseudonym, key))
                 if pseudonym else [])
    finally:
        conn.close()
    if not found:
        raise unknown_participant(participant, known_at)
    if seen is not None:
        seen.append(pseudonym)
    return found


def pseudonyms_of(db, participants: list[str], views: str | None = None,
                  key=None) -> dict[str, str]:
    """{id: pseudonym} of these participants (erased ones too, found through the keyring):
    how a command that shows named participants names them in the access log."""
    from . import owners
    conn = current(db, views, key)
    try:
        found = {p: people.pseudonym_of(conn, p) for p in participants}
    finally:
        conn.close()
    for p, pseudonym in found.items():
        if pseudonym is None:
            own, named = owners.entry(db, p, key)
            entry = own or named
            found[p] = entry.pseudonym if entry else p
    return found


def access_log(db, participant: str | None = None, user: str | None = None,
               since: str | None = None, views: str | None = None, key=None) -> list[dict]:
    """`nysjanse access-log`: entries oldest first, as {"at", "user", "command",
    "participants"}; participants (and those named in the command) by id while they are not
    erased, by pseudonym after. Raises store.access.AccessLogError."""
    import shlex

    from store.access import entries

    from . import owners
    from .tables import store_head
    # The key first: the log itself opens with the key only on SQLite, and is opened for the
    # entries' names only when it holds some, so an empty log would be shown to any key.
    store_head(db, key)
    found = entries(db, key)
    if participant is not None:
        _tombstone(db, key, participant)
        wanted = pseudonyms_of(db, [participant], views, key)[participant]
        found = [e for e in found if wanted in e[4]]
    if user is not None:
        found = [e for e in found if e[2] == user]
    if since is not None:
        limit = knowledge(since)
        found = [e for e in found if e[1] >= limit]
    names = owners.names(db, {p for e in found for p in e[4]}, key)
    return [{"at": at, "user": who,
             "command": shlex.join(names.get(w, w) for w in shlex.split(command)),
             "participants": sorted(names.get(p, p) for p in listed)}
            for at, _, who, command, listed in found]


def _tombstone(db, key, participant: str) -> None:
    """UnknownParticipant for an erased id: nothing kept leads from it to the pseudonym the
    log names them by (store.keyring), so the log cannot be searched by it."""
    from . import owners
    own, _ = owners.entry(db, participant, key)
    if own is None or not own.tombstone:
        return
    if own.erasure is None:
        raise UnknownParticipant("{participant} was erased; the access log names them by their "
                                 "pseudonym", participant=participant)
    day, by, reason = own.erasure
    raise UnknownParticipant("{participant} was erased on {day} by {by}: {reason}; the access "
                             "log names them by their pseudonym", participant=participant,
                             day=day, by=by, reason=reason)


def rebuild(db, views: str | None = None, progress: bool = False, key=None) -> int:
    """`nysjanse rebuild`: drop the read models and replay every event; returns the position.
    With progress=True a progress bar goes to stderr, only when stderr is a terminal."""
    return _rebuild(db, views, progress=progress, key=key)


def catch_up(db, views: str | None = None, key=None) -> None:
    """Bring the read models up to date now (every query does this itself)."""
    current(db, views, key).close()


__all__ = ["UnknownParticipant", "stats", "stats_with_head", "head_of", "explain", "changes",
           "status", "caseload", "caseload_detail", "show", "history", "rebuild", "catch_up",
           "views_path", "pseudonyms_of", "access_log"]
