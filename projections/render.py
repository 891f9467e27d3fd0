"""Text tables and CSV for the read commands: `table(kind, data)`, `csv(kind, data)`.

`kind` is one of stats, status, caseload, show, history; `data` is what the query of that
name returned (for the caseload table, `caseload_detail(...)` adds what needs attention; plain
`caseload(...)` renders too, without it). Counts are exact; shares are percentages with one
decimal (`29.3 %`), averages one decimal; a missing figure is `-`.

Stored text may hold control or bidirectional characters (older stores, before input refused
them): tables and CSV show each as `\\uXXXX` (`domain.unsafe`), never raw.
"""
from __future__ import annotations

import csv as _csv
import io
import json

from domain.groups import aborted, top_countries
from domain.periods import CAP
from domain.unsafe import escaped

KINDS = ("stats", "status", "caseload", "show", "history", "explain", "changes")
NONE = "-"


def table(kind: str, data) -> str:
    return _dispatch(kind, _TABLES)(escaped(data))


def csv(kind: str, data) -> str:
    return _dispatch(kind, _CSVS)(escaped(data))


def _dispatch(kind: str, found: dict):
    if kind not in found:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    return found[kind]


# -- formatting --------------------------------------------------------------------------------

def pct(value) -> str:
    return NONE if value is None else f"{value * 100:.1f} %"


def share(part: int, whole: int) -> str:
    return pct(part / whole) if whole else NONE


def dec(value) -> str:
    return NONE if value is None else f"{value:.1f}"


def yes(value: bool) -> str:
    return "yes" if value else "no"


def grid(header: list[str], rows: list[list], indent: str = "") -> list[str]:
    """Aligned columns: text left, numbers (and percentages) right."""
    cells = [[NONE if c is None else str(c) for c in row] for row in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    numeric = [all(_numeric(r[i]) for r in cells[1:]) and len(cells) > 1
               for i in range(len(header))]
    out = []
    for row in cells:
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric)]
        out.append((indent + "  ".join(parts)).rstrip())
    return out


def _numeric(text: str) -> bool:
    t = text.replace(" %", "").replace(".", "", 1).lstrip("-")
    return t.isdigit() or text in (NONE, "")


# -- stats ---------------------------------------------------------------------------------

def _stats_table(s: dict) -> str:
    n, ex, gb = s["participants"], s["exits"], s["goal_base"]
    lines = [f"Ny sjanse {s['year']}", ""]
    lines += grid(["", "count", "share"], [
        ["Participants", n, ""],
        ["  carried over", s["carried_over"], share(s["carried_over"], n)],
        ["  new", s["new"], share(s["new"], n)],
        *[[f"  {g}", c, share(c, n)] for g, c in s["by_gender"].items()],
        ["Exits", ex, share(ex, n)],
        *[[f"  {g}", c, share(c, ex)] for g, c in s["exits_by_gender"].items()],
        ["Remaining at year end", s["remaining"], share(s["remaining"], n)],
    ])
    lines += ["", f"Countries of background: {s['countries']}"]
    top, rest = top_countries(s["by_country"])
    rows = [[f"  {c}", k, share(k, n)] for c, k in top]
    if rest:  # the report names the largest groups; JSON and CSV keep every country
        others = sum(k for _, k in rest)
        rows.append([f"  {len(rest)} other countries", others, share(others, n)])
    lines += grid(["", "count", "share"], rows)
    lines += ["", "Exits by type"]
    lines += grid(["", "count", "share"],
                  [[f"  {t}", k, share(k, ex)] for t, k in s["exit_types"].items()])
    lines += grid(["", "count"], [[f"  transferred {g}", k]
                                  for g, k in s["transferred_by_gender"].items()])
    lines += ["", "Goal achievement (work or education, of exits that are not transfers)"]
    lines += grid(["", "count", "base", "rate"], [
        ["  all", s["work_or_education"], gb, pct(s["work_or_education_rate"])],
        *[[f"  {g}", v["count"], v["base"], pct(v["rate"])]
          for g, v in s["work_or_education_by_gender"].items()]])
    completed = s["exit_types"]["completed"]
    aborted_exits = aborted(s["exit_types"])
    lines += ["", "Outcomes of completed exits"]
    lines += grid(["", "count", "share"],
                  [[f"  {o}", k, share(k, completed)] for o, k in s["outcomes"].items()])
    lines += ["", "Reasons for aborted exits"]
    lines += grid(["", "count", "share"],
                  [[f"  {r}", k, share(k, aborted_exits)] for r, k in s["abort_reasons"].items()])
    a = s["average_months"]
    lines += ["", "Average months in the programme (exits)"]
    rows = [["  completed", dec(a["completed"]), "", ""],
            ["  aborted", dec(a["aborted"]), "", ""],
            ["  transferred to NAV", dec(a["transferred_to_nav"]), "", ""]]
    for name in ("work_or_education", "not_work_or_education"):
        v = a[name]
        rows.append([f"  {name}", dec(v["all"]), dec(v["F"]), dec(v["M"])])
    for reason, v in a["abort_reasons"].items():
        rows.append([f"  aborted: {reason}", dec(v["all"]), dec(v["F"]), dec(v["M"])])
    lines += grid(["", "all", "F", "M"], rows)
    y = s["year_end"]
    lines += ["", f"Active on {s['year']}-12-31"]
    lines += grid(["", "value"], [
        ["  active", y["active"]], ["  suspended", y["suspended"]],
        ["  average months", dec(y["average_months"])],
        ["  within 12 months", pct(y["share_within_12_months"])],
        ["  over 24 months", y["over_24_months"]]])
    lines += ["", "Projects"]
    lines += grid(["project", "participants", "new", "carried", "women", "exits", "completed",
                   "aborted", "to NAV", "goal base", "work/edu", "rate"],
                  [[name, p["participants"], p["new"], p["carried_over"], pct(p["women_share"]),
                    p["exits"], p["completed"], p["aborted"], p["transferred_to_nav"],
                    p["goal_base"], p["work_or_education"], pct(p["work_or_education_rate"])]
                   for name, p in s["projects"].items()], indent="  ")
    inc = s["incentive"]
    lines += ["", "Incentive: former participants employed at a follow-up"]
    lines += grid(["", "count", "share"], [
        ["  participants", inc["participants"], ""],
        *[[f"  {g}", k, share(k, inc["participants"])] for g, k in inc["by_gender"].items()],
        ["  at 12 months", inc["twelve_months"], share(inc["twelve_months"], inc["participants"])],
        *[[f"  {i}", k, share(k, inc["participants"])] for i, k in inc["by_industry"].items()]])
    return "\n".join(lines) + "\n"


def _flatten(value, prefix: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, value


def _csv_text(header: list[str], rows) -> str:
    buf = io.StringIO()
    w = _csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else _cell(v) for v in row])
    return buf.getvalue()


def _cell(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v


def _stats_csv(s: dict) -> str:
    return _csv_text(["key", "value"], _flatten(s))


# -- status --------------------------------------------------------------------------------

STATUS_COLUMNS = ("participant", "project", "counsellor", "gender", "country", "intake_date",
                  "months", "suspended", "has_plan", "planned_end", "overdue")


def _summary_lines(sm: dict) -> list[str]:
    return grid(["", "value"], [
        ["  active", sm["active"]], ["  suspended", sm["suspended"]],
        ["  average months", dec(sm["average_months"])],
        ["  within 12 months", pct(sm["share_within_12_months"])],
        ["  over 24 months", sm["over_24_months"]]])


def _status_table(d: dict) -> str:
    lines = [f"Active on {d['date']}", ""]
    lines += grid(["participant", "project", "counsellor", "gender", "country", "intake",
                   "months", "suspended", "plan", "planned end", "overdue"],
                  [[a["participant"], a["project"], a["counsellor"], a["gender"], a["country"],
                    a["intake_date"], dec(a["months"]), yes(a["suspended"]), yes(a["has_plan"]),
                    a["planned_end"], yes(a["overdue"])] for a in d["active"]])
    lines += ["", "Summary"] + _summary_lines(d["summary"])
    return "\n".join(lines) + "\n"


def _status_csv(d: dict) -> str:
    return _csv_text(["date", *STATUS_COLUMNS],
                     ([d["date"], *(a[c] for c in STATUS_COLUMNS)] for a in d["active"]))


# -- caseload ------------------------------------------------------------------------------

def _caseload_table(d: dict) -> str:
    lines = [f"Caseloads on {d['date']} (at most {CAP} active participants each)"]
    if not d["counsellors"]:
        lines.append("no active participants")
    for c in d["counsellors"]:
        flag = "  OVER CAPACITY" if c["over_capacity"] else ""
        lines += ["", f"{c['counsellor']}: {c['active']} active, {c['suspended']} suspended{flag}"]
        details = c.get("details")
        if details is None:
            lines += [f"  {p}" for p in c["participants"]]
            continue
        lines += grid(["participant", "project", "intake", "months", "plan", "planned end",
                       "invalid absence 90 d", "attention"],
                      [[x["participant"], x["project"], x["intake_date"], dec(x["months"]),
                        yes(x["has_plan"]), x["planned_end"],
                        dec(x["invalid_absence_days"]) if x["invalid_absence_days"] else "",
                        ("! " + ", ".join(x["attention"])) if x["attention"] else ""]
                       for x in details], indent="  ")
    return "\n".join(lines) + "\n"


def _caseload_csv(d: dict) -> str:
    return _csv_text(["date", "counsellor", "active", "suspended", "over_capacity", "participants"],
                     ([d["date"], c["counsellor"], c["active"], c["suspended"], c["over_capacity"],
                       " ".join(c["participants"])] for c in d["counsellors"]))


# -- show and history ----------------------------------------------------------------------

META = ("type", "participant", "date", "id", "recorded_at", "recorded_by",
        "retracted_by", "retracted_at")


def _fields(fact: dict) -> str:
    parts = []
    for k, v in fact.items():
        if k in META:
            continue
        if isinstance(v, list):
            v = ",".join(map(str, v))
        elif isinstance(v, bool):
            v = yes(v)
        elif v is None:
            v = NONE
        parts.append(f"{k}={v}")
    return " ".join(parts)


def _show_table(d: dict) -> str:
    ex = d["exit"]
    exit_text = NONE if ex is None else f"{ex['date']} {_fields(ex)}"
    plan = d["plan"]
    plan_text = (NONE if plan is None else
                 f"{plan['date']} {', '.join(plan['measures'])}"
                 + (f" (goal: {plan['goal']})" if plan.get("goal") else ""))
    lines = grid(["", ""], [
        ["participant", d["participant"]], ["state", d["state"]], ["project", d["project"]],
        ["counsellor", d["counsellor"]], ["gender", d["gender"]], ["country", d["country"]],
        ["intake", d["intake_date"]], ["end", d["end_date"]], ["exit", exit_text],
        ["planned end", d["planned_end"]], ["days suspended", d["suspended_days"]],
        ["absence days valid", dec(d["absence_days"]["valid"])],
        ["absence days invalid", dec(d["absence_days"]["invalid"])],
        ["plan", plan_text],
        *[[f"follow-up {u['months']} months", f"{u['date']} employed {yes(u['employed'])}"
           + (f" ({u['industry']})" if u.get("industry") else "")] for u in d["follow_ups"]],
    ])
    lines = [line.strip() for line in lines[1:]]
    lines += ["", "Events in force"]
    lines += grid(["date", "type", "details", "recorded", "by", "id"],
                  [[e["date"], e["type"], _fields(e), e.get("recorded_at"), e.get("recorded_by"),
                    e["id"]] for e in d["events"]], indent="  ")
    return "\n".join(lines) + "\n"


def _show_csv(d: dict) -> str:
    rows = [(k, v) for k, v in _flatten({k: v for k, v in d.items() if k != "events"})]
    return _csv_text(["key", "value"], rows)


def _history_table(h: list[dict]) -> str:
    lines = grid(["recorded", "by", "type", "date", "details", "id", "retracted"],
                 [[f["recorded_at"], f.get("recorded_by"), f["type"], f["date"],
                   (f"event={f['event']} reason={f['reason']}" if f["type"] == "retraction"
                    else _fields(f)), f["id"],
                   (f"by {f['retracted_by']} at {f['retracted_at']}" if f["retracted_by"] else "")]
                  for f in h])
    return "\n".join(lines) + "\n"


def _history_csv(h: list[dict]) -> str:
    return _csv_text(["recorded_at", "recorded_by", "participant", "type", "date", "id",
                      "retracted_by", "retracted_at", "fields"],
                     ([f["recorded_at"], f.get("recorded_by"), f["participant"], f["type"],
                       f["date"], f["id"], f["retracted_by"], f["retracted_at"],
                       {k: v for k, v in f.items() if k not in META}] for f in h))


# -- explain and changes ------------------------------------------------------------------

def _explain_table(d: dict) -> str:
    n = d["value"]
    lines = [f"{d['figure']}, {d['year']}: {n} participant{'' if n == 1 else 's'}"]
    if d["known_at"] is not None:
        lines.append(f"as known at {d['known_at']}")
    if d["participants"]:
        lines += [""] + grid(["participant", "events"],
                             [[p["participant"], " ".join(p["events"])]
                              for p in d["participants"]])
    return "\n".join(lines) + "\n"


def _explain_csv(d: dict) -> str:
    return _csv_text(["participant", "events"],
                     ([p["participant"], " ".join(p["events"])] for p in d["participants"]))


def _value(v) -> str:
    """A figure exactly as JSON gives it (a table of changes must not round two different
    values to one); a leaf one side does not have is `-`."""
    return NONE if v is None else json.dumps(v)


def _changes_table(d: dict) -> str:
    lines = [f"Changes in stats {d['year']} from {d['from']} to {d['to'] or 'now'}", ""]
    found = d["changes"]
    if not found:
        return "\n".join(lines + ["no figure changed"]) + "\n"
    moved = [c for c in found if c["participants_added"] or c["participants_removed"]]
    lines += grid(["figure", "before", "after", "added", "removed"],
                  [[c["figure"], _value(c["before"]), _value(c["after"]),
                    *([len(c["participants_added"]), len(c["participants_removed"])]
                      if c["participants_added"] or c["participants_removed"] else ["", ""])]
                   for c in found])
    for c in moved:  # who, and the events that account for them
        lines += ["", c["figure"]]
        lines += grid(["", ""], [[f"  {label}", " ".join(c[key])] for label, key in
                                 (("added", "participants_added"),
                                  ("removed", "participants_removed"), ("events", "events"))
                                 if c[key]])[1:]
    return "\n".join(lines) + "\n"


def _changes_csv(d: dict) -> str:
    return _csv_text(["figure", "before", "after", "participants_added",
                      "participants_removed", "events"],
                     ([c["figure"], _cell_value(c["before"]), _cell_value(c["after"]),
                       " ".join(c["participants_added"]), " ".join(c["participants_removed"]),
                       " ".join(c["events"])] for c in d["changes"]))


def _cell_value(v):
    return None if v is None else json.dumps(v)


def head_line(head: dict) -> str:
    """The line that ties a table to the log it was computed from (`queries.head_of`): the
    position and the first 16 hex digits of the head digest, as `verify --head` takes them."""
    if head["digest"] is None:
        return (f"Log head: position {head['position']}, no hash chain there (a store written "
                f"before the chain)\n")
    return f"Log head: {head['position']}:{head['digest'][:16]} (nysjanse verify --head)\n"


def verify_table(v: dict) -> str:
    """`nysjanse verify`'s table (not a read-model kind: it has no CSV): the verdict, with the
    head whole (to publish, or to pass to --head)."""
    if not v["ok"]:
        return f"broken at position {v['position']}: {v['problem']}\n"
    lines = [f"intact: {v['events']} event{'' if v['events'] == 1 else 's'}, each chained to "
             f"the one before", f"head: {v['position']}:{v['digest']}"]
    if v.get("head") is not None:
        position, digits = v["head"]
        lines.append(f"the head given, {position}:{digits}, is still in the log")
    return "\n".join(lines) + "\n"


_TABLES = {"stats": _stats_table, "status": _status_table, "caseload": _caseload_table,
           "show": _show_table, "history": _history_table, "explain": _explain_table,
           "changes": _changes_table}
_CSVS = {"stats": _stats_csv, "status": _status_csv, "caseload": _caseload_csv,
         "show": _show_csv, "history": _history_csv, "explain": _explain_csv,
         "changes": _changes_csv}
