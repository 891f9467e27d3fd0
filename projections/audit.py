"""The auditor's questions about `stats YEAR`: who is behind a figure (`explain`), and what
changed between two knowledge times and why (`changes`).

Pure functions over `counts.Counts` (the rows in force at a knowledge time) and rows of the
`facts` read model; `queries` reads those and calls these. Every count comes from the sets
`stats` counts (`counts.FIGURES`), so an explanation lists exactly what a figure counts.
"""
from __future__ import annotations

import json

from .counts import Counts, NotACount, resolve
from .figures import stats_of

# The kinds of event that can move a participation into or out of a count: those the sets of
# `counts.SETS` test (intake fields, the end, suspensions, follow-ups). Plans, absences and
# counsellor changes move none, so `changes` does not name them.
FIGURE_EVENTS = ("intake", "exit", "transfer_to_nav", "suspension", "resumption", "follow_up")


def figure(c: Counts, path: str) -> tuple[str, str | None]:
    """(template, key) of a count the stats JSON holds; NotACount otherwise."""
    try:
        template, key = resolve(path)
    except NotACount:
        raise NotACount("'{path}' is not a count of participants in stats {year}", path=path,
                        year=c.year) from None
    if not c.has(template, key):
        raise NotACount("stats {year} has no figure '{path}'", year=c.year, path=path)
    return template, key


def explain(c: Counts, path: str, known_at: str | None) -> dict:
    """`nysjanse explain YEAR FIGURE`: the figure's value and the participants it counts."""
    template, key = figure(c, path)
    value = c.tally(template)
    members = sorted(c.members(template, key), key=_participant)
    return {"year": c.year, "figure": path, "value": value if key is None else value[key],
            "known_at": known_at,
            "participants": [{"participant": r.participant, "events": c.events(template, r)}
                             for r in members]}


def _participant(r) -> str:
    return r.participant


def leaves(data, prefix: str = ""):
    """(dotted path, value) of every leaf of a JSON object."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from leaves(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, data


def _same(a, b) -> bool:
    return json.dumps(a) == json.dumps(b)  # numbers exactly as JSON gives them: 1 is not 1.0


def _ids(c: Counts, path: str) -> set[str]:
    try:
        template, key = figure(c, path)
    except NotACount:  # a rate, an average; or a key only the other side lists
        return set()
    return {r.participant for r in c.members(template, key)}


def changed(before: Counts, after: Counts) -> list[dict]:
    """Every leaf of `stats` whose value differs between the two, sorted by path; a leaf
    only one side has is null on the other. Counts name the participants added and removed;
    `events` is left empty, for `account` to fill."""
    old = dict(leaves(stats_of(before)))
    new = dict(leaves(stats_of(after)))
    out = []
    for path in sorted(old.keys() | new.keys()):
        a, b = old.get(path), new.get(path)
        if path in old and path in new and _same(a, b):
            continue
        try:
            resolve(path)
            counted = True
        except NotACount:
            counted = False
        was, now = (_ids(before, path), _ids(after, path)) if counted else (set(), set())
        out.append({"figure": path, "before": a, "after": b,
                    "participants_added": sorted(now - was),
                    "participants_removed": sorted(was - now), "events": []})
    return out


def window_events(rows: list[tuple], since: str, until: str | None) -> dict[str, list]:
    """{participant: [(position, event id)]}: the events recorded or retracted after `since`
    and by `until` (None: no end) that can move them between figures. `rows` are the facts
    read model's (position, participant, id, type, recorded_utc, retracted_by, retracted_utc)
    of those participants touched in that window (`facts.touched`). An event both recorded
    and retracted in it accounts for nothing and is left out; one retracted in it is named
    with its retraction."""
    def inside(utc):
        return utc is not None and utc > since and (until is None or utc <= until)
    where = {row[2]: row[0] for row in rows}  # a retraction in the window is recorded in it
    out: dict[str, list] = {}
    for position, p, event, kind, recorded, by, retracted in rows:
        if kind not in FIGURE_EVENTS:
            continue
        new, gone = inside(recorded), inside(retracted)
        if new and not gone:
            out.setdefault(p, []).append((position, event))
        elif gone and not new:
            out.setdefault(p, []).extend([(position, event), (where[by], by)])
    return out


def account(found: list[dict], events: dict[str, list]) -> list[dict]:
    """Fill each change's `events` from its participants', in recording order."""
    for change in found:
        mine = set()
        for p in (*change["participants_added"], *change["participants_removed"]):
            mine.update(events.get(p, ()))
        change["events"] = [event for _, event in sorted(mine)]
    return found
