"""Text tables and CSV for the read commands: `table(kind, data, width)`, `csv(kind, data)`.

`kind` is one of stats, status, caseload, show, history; `data` is what the query of that
name returned (for caseload, `caseload_detail(...)` adds what needs attention; plain
`caseload(...)` renders too, without it).

Tables speak the language of the run (i18n): labels for codes, country names and number
formats from CLDR (`42,7 %`, `1 234` in bokmål). Counts are exact; shares are percentages
with one decimal, months one decimal; a missing figure is a dash. A table fits `width`
columns: the widest text columns are cut (`…`) first, then the columns fold into blocks that
each repeat the first column; with no width rows are never cut.

CSV is for spreadsheets and scripts: a header of the JSON keys, codes as in JSON (never
translated), `.` as decimal mark, one value a cell, one row per participant or per figure;
months rounded to 0.1, rates to 0.001.

Stored text may hold control or bidirectional characters (older stores, before input refused
them): tables and CSV show each as `\\uXXXX` (`domain.unsafe`), never raw.
"""
from __future__ import annotations

import csv as _csv
import io
import json
import re

from domain.groups import aborted, top_countries
from domain.messages import N_
from domain.periods import CAP
from domain.unsafe import escaped
from i18n import DASH, country, number, percent, say
from i18n import gettext as _
from i18n import ngettext
from i18n.terms import FIELD_TERMS, term

KINDS = ("stats", "status", "caseload", "show", "history", "explain", "changes", "access-log")
NONE = DASH
CUT = "…"
NARROWEST = 12  # a text column is not cut below this (a date, an id stay whole)


def table(kind: str, data, width: int | None = None) -> str:
    lines = _dispatch(kind, _TABLES)(escaped(data))
    return "\n".join(fit(lines, width)) + "\n"


def csv(kind: str, data) -> str:
    return _dispatch(kind, _CSVS)(escaped(data))


def _dispatch(kind: str, found: dict):
    if kind not in found:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    return found[kind]


# -- formatting --------------------------------------------------------------------------------

def pct(value) -> str:
    return percent(value, 1)


def share(part: int, whole: int) -> str:
    return pct(part / whole) if whole else NONE


def dec(value) -> str:
    return number(value, 1)


def whole(value) -> str:
    return number(value, 0)


def yes(value: bool) -> str:
    return _("yes") if value else _("no")


class Grid(list):
    """A table's lines, with what `fit` needs to narrow it: the cells and which are numbers."""

    def __init__(self, header: list[str], rows: list[list], indent: str = "",
                 cuttable: tuple[int, ...] | None = None) -> None:
        self.cells = [[NONE if c is None else str(c) for c in row] for row in [header, *rows]]
        self.indent = indent
        self.numeric = [len(self.cells) > 1 and all(_numeric(r[i]) for r in self.cells[1:])
                        for i in range(len(header))]
        # the columns that may be cut: free text, not a date or an id (default every text one)
        self.cuttable = set(cuttable if cuttable is not None else
                            (i for i, number in enumerate(self.numeric) if not number))
        super().__init__(self.lines())

    def lines(self, columns: list[int] | None = None, widths: dict | None = None) -> list[str]:
        columns = list(range(len(self.numeric))) if columns is None else columns
        widths = widths or {}
        natural = {i: max(len(r[i]) for r in self.cells) for i in columns}
        out = []
        for row in self.cells:
            parts = []
            for i in columns:
                w = min(natural[i], widths.get(i, natural[i]))
                cell = row[i] if len(row[i]) <= w else row[i][:w - 1] + CUT
                parts.append(cell.rjust(w) if self.numeric[i] else cell.ljust(w))
            out.append((self.indent + "  ".join(parts)).rstrip())
        return out

    def natural(self) -> dict[int, int]:
        return {i: max(len(r[i]) for r in self.cells) for i in range(len(self.numeric))}

    def cut(self, columns: list[int], width: int) -> dict[int, int] | None:
        """Widths of `columns` within `width`, the widest text column cut first; None when
        even every text column at its narrowest is too wide."""
        natural = self.natural()
        widths = {i: natural[i] for i in columns}
        while total_width(self.indent, list(widths.values())) > width:
            text = [i for i in widths if i in self.cuttable and widths[i] > NARROWEST]
            if not text:
                return None
            widest = max(text, key=lambda i: widths[i])
            over = total_width(self.indent, list(widths.values())) - width
            widths[widest] = max(NARROWEST, widths[widest] - over)
        return widths

    def narrowed(self, width: int) -> list[str]:
        """The lines within `width`: cut the widest text columns (`…`) when that is enough;
        else fold the columns into blocks that each repeat the first column."""
        everything = list(range(len(self.numeric)))
        widths = self.cut(everything, width)
        if widths is not None or len(everything) < 3:
            return self.lines(everything, widths or {})
        natural = self.natural()
        blocks, block = [], [0]
        for i in everything[1:]:
            if len(block) > 1 and total_width(
                    self.indent, [natural[j] for j in [*block, i]]) > width:
                blocks.append(block)
                block = [0]
            block.append(i)
        blocks.append(block)
        out: list[str] = []
        for n, block in enumerate(blocks):
            if n:
                out.append("")
            out += self.lines(block, self.cut(block, width) or {})
        return out


def total_width(indent: str, widths: list[int]) -> int:
    return len(indent) + sum(widths) + 2 * (len(widths) - 1)


def grid(header: list[str], rows: list[list], indent: str = "",
         cuttable: tuple[int, ...] | None = None) -> Grid:
    """Aligned columns: text left, numbers (and percentages) right."""
    return Grid(header, rows, indent, cuttable)


def fit(lines: list, width: int | None) -> list[str]:
    """The table's lines within `width` (None: as they are)."""
    if width is None:
        return [line for part in lines for line in (part if isinstance(part, Grid) else [part])]
    out: list[str] = []
    for part in lines:
        if isinstance(part, Grid):
            out += part.narrowed(width) if any(len(x) > width for x in part) else list(part)
        else:
            out.append(part)
    # what still does not fit (a first column and one more wider than a narrow screen) is cut
    return [line if len(line) <= width else line[:max(width - 1, 0)] + CUT for line in out]


NUMBER = re.compile(r"[-−]?[0-9][0-9\u00a0\u202f ,.]*(?:\u00a0?%)?")


def _numeric(text: str) -> bool:
    return text in (NONE, "", "-") or NUMBER.fullmatch(text) is not None


# -- stats ---------------------------------------------------------------------------------

def _stats_table(s: dict) -> list:
    n, ex, gb = s["participants"], s["exits"], s["goal_base"]
    count, part = _("count"), _("share")
    out: list = [f"Ny sjanse {s['year']}", ""]
    out.append(grid(["", count, part], [
        [_("Participants"), whole(n), ""],
        ["  " + _("carried over"), whole(s["carried_over"]), share(s["carried_over"], n)],
        ["  " + _("new"), whole(s["new"]), share(s["new"], n)],
        *[["  " + term("gender", g), whole(c), share(c, n)] for g, c in s["by_gender"].items()],
        [_("Exits"), whole(ex), share(ex, n)],
        *[["  " + term("gender", g), whole(c), share(c, ex)]
          for g, c in s["exits_by_gender"].items()],
        [_("Remaining at year end"), whole(s["remaining"]), share(s["remaining"], n)],
    ]))
    out += ["", _("Countries of background: {n}").format(n=whole(s["countries"]))]
    top, rest = top_countries(s["by_country"])
    rows = [["  " + country(c), whole(k), share(k, n)] for c, k in top]
    if rest:  # the report names the largest groups; JSON and CSV keep every country
        others = sum(k for _c, k in rest)
        rows.append(["  " + ngettext("{n} other country", "{n} other countries",
                                     len(rest)).format(n=len(rest)), whole(others),
                     share(others, n)])
    out.append(grid(["", count, part], rows))
    out += ["", _("Exits by type")]
    out.append(grid(["", count, part], [["  " + term("exit_type", t), whole(k), share(k, ex)]
                                         for t, k in s["exit_types"].items()]))
    out.append(grid(["", count], [["  " + _("transferred, {group}").format(
        group=term("gender", g).lower()), whole(k)]
        for g, k in s["transferred_by_gender"].items()]))
    out += ["", _("Goal achievement (work or education, of exits that are not transfers)")]
    out.append(grid(["", count, _("base"), _("rate")], [
        ["  " + _("All"), whole(s["work_or_education"]), whole(gb),
         pct(s["work_or_education_rate"])],
        *[["  " + term("gender", g), whole(v["count"]), whole(v["base"]), pct(v["rate"])]
          for g, v in s["work_or_education_by_gender"].items()]]))
    completed = s["exit_types"]["completed"]
    aborted_exits = aborted(s["exit_types"])
    out += ["", _("Outcomes of completed exits")]
    out.append(grid(["", count, part], [["  " + term("outcome", o), whole(k),
                                         share(k, completed)]
                                        for o, k in s["outcomes"].items()]))
    out += ["", _("Reasons for aborted exits")]
    out.append(grid(["", count, part], [["  " + term("abort_reason", r), whole(k),
                                         share(k, aborted_exits)]
                                        for r, k in s["abort_reasons"].items()]))
    out += _months_table(s["average_months"])
    out += _year_end_table(s)
    out += ["", _("Projects")]
    out.append(grid([_("project"), _("participants"), _("new"), _("carried over"), _("women"),
                     _("exits"), _("completed"), _("aborted"), _("to NAV"), _("goal base"),
                     _("work/edu"), _("rate")],
                    [[name, whole(p["participants"]), whole(p["new"]), whole(p["carried_over"]),
                      pct(p["women_share"]), whole(p["exits"]), whole(p["completed"]),
                      whole(p["aborted"]), whole(p["transferred_to_nav"]), whole(p["goal_base"]),
                      whole(p["work_or_education"]), pct(p["work_or_education_rate"])]
                     for name, p in s["projects"].items()], indent="  "))
    inc = s["incentive"]
    out += ["", _("Incentive: former participants employed at a follow-up")]
    out.append(grid(["", count, part], [
        ["  " + _("Participants"), whole(inc["participants"]), ""],
        *[["  " + term("gender", g), whole(k), share(k, inc["participants"])]
          for g, k in inc["by_gender"].items()],
        ["  " + _("at 12 months"), whole(inc["twelve_months"]),
         share(inc["twelve_months"], inc["participants"])],
        *[["  " + term("industry", i), whole(k), share(k, inc["participants"])]
          for i, k in inc["by_industry"].items()]]))
    return out


def _months_table(a: dict) -> list:
    out: list = ["", _("Average months in the programme (exits)")]
    rows = [["  " + term("exit_type", "completed"), dec(a["completed"]), "", ""],
            ["  " + _("Aborted"), dec(a["aborted"]), "", ""],
            ["  " + term("exit_type", "transferred_to_nav"), dec(a["transferred_to_nav"]),
             "", ""],
            ["  " + _("Work or education"), *_three(a["work_or_education"])],
            ["  " + _("Not work or education"), *_three(a["not_work_or_education"])]]
    for reason, v in a["abort_reasons"].items():
        rows.append(["  " + _("Aborted: {reason}").format(reason=term("abort_reason", reason)),
                     *_three(v)])
    out.append(grid(["", _("all"), term("gender", "F"), term("gender", "M")], rows))
    return out


def _three(v: dict) -> list[str]:
    return [dec(v["all"]), dec(v["F"]), dec(v["M"])]


def _year_end_table(s: dict) -> list:
    return ["", _("Active on {day}").format(day=f"{s['year']}-12-31"),
            _summary_grid(s["year_end"])]


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
        return " ".join(map(str, v)) if isinstance(v, list) else json.dumps(v, ensure_ascii=False)
    return v


# The keys whose values are groups (a gender, a country, a project, a code): in CSV the key
# inside one of these is the row's `group`; the figure is the path without it.
GROUPINGS = {"by_gender", "by_country", "exits_by_gender", "exit_types", "transferred_by_gender",
             "work_or_education_by_gender", "outcomes", "abort_reasons", "projects",
             "by_industry"}
BY_GENDER = {"all", "F", "M"}


def figure_rows(value, figure: tuple = (), group: tuple = (), grouping: bool = False):
    """(figure, group, value) for every number of the statistics: `figure` the dotted path
    of the JSON keys without the group keys, `group` those keys, dotted ("" when none)."""
    if not isinstance(value, dict):
        yield ".".join(figure), ".".join(group), value
        return
    by_gender = bool(value) and value.keys() <= BY_GENDER and bool(figure)
    for key, inner in value.items():
        if grouping or by_gender:
            yield from figure_rows(inner, figure, (*group, str(key)), key in GROUPINGS)
        else:
            yield from figure_rows(inner, (*figure, str(key)), group, key in GROUPINGS)


def rounded(figure: str, value):
    """As the tables round: months to 0.1, rates and shares to 0.001."""
    if isinstance(value, float):
        last = figure.rsplit(".", 1)[-1]
        if ("months" in figure.split(".")[0]
                or last in ("average_months", "months", "invalid_absence_days")):
            return round(value, 1)
        return round(value, 3)
    return value


def _stats_csv(s: dict) -> str:
    return _csv_text(["figure", "group", "value"],
                     ((f, g, rounded(f, v)) for f, g, v in figure_rows(s)))


# -- status --------------------------------------------------------------------------------

STATUS_COLUMNS = ("participant", "project", "counsellor", "gender", "country", "intake_date",
                  "months", "suspended", "has_plan", "planned_end", "overdue")


def _summary_grid(sm: dict):
    return grid(["", _("value")], [
        ["  " + _("active"), whole(sm["active"])], ["  " + _("suspended"), whole(sm["suspended"])],
        ["  " + _("average months"), dec(sm["average_months"])],
        ["  " + _("within 12 months"), pct(sm["share_within_12_months"])],
        ["  " + _("over 24 months"), whole(sm["over_24_months"])]])


def _status_table(d: dict) -> list:
    out: list = [_("Active on {day}").format(day=d["date"]), ""]
    out.append(grid([_("participant"), _("project"), _("counsellor"), _("gender"),
                     _("country"), _("intake"), _("months"), _("suspended"), _("plan"),
                     _("planned end"), _("overdue")],
                    [[a["participant"], a["project"], a["counsellor"],
                      term("person_gender", a["gender"]), country(a["country"]), a["intake_date"],
                      dec(a["months"]), yes(a["suspended"]), yes(a["has_plan"]),
                      a["planned_end"], yes(a["overdue"])] for a in d["active"]],
                    cuttable=(1, 2, 4)))
    out += ["", _("Summary"), _summary_grid(d["summary"])]
    return out


def _status_csv(d: dict) -> str:
    return _csv_text(["date", *STATUS_COLUMNS],
                     ([d["date"], *(rounded(c, a[c]) for c in STATUS_COLUMNS)]
                      for a in d["active"]))


# -- caseload ------------------------------------------------------------------------------

def _caseload_table(d: dict) -> list:
    out: list = [_("Caseloads on {day} (at most {cap} active participants each)").format(
        day=d["date"], cap=CAP)]
    if not d["counsellors"]:
        out.append(_("no active participants"))
    for c in d["counsellors"]:
        said = _("{counsellor}: {active} active, {suspended} suspended").format(
            counsellor=c["counsellor"], active=c["active"], suspended=c["suspended"])
        if c["over_capacity"]:
            said += "  " + _("OVER CAPACITY")
        out += ["", said]
        details = c.get("details")
        if details is None:
            out += [f"  {p}" for p in c["participants"]]
            continue
        out.append(grid([_("participant"), _("project"), _("intake"), _("months"), _("plan"),
                         _("planned end"), _("invalid absence 90 d"), _("attention")],
                        [[x["participant"], x["project"], x["intake_date"], dec(x["months"]),
                          yes(x["has_plan"]), x["planned_end"],
                          dec(x["invalid_absence_days"]) if x["invalid_absence_days"] else "",
                          ("! " + ", ".join(term("attention", a) for a in x["attention"]))
                          if x["attention"] else ""]
                         for x in details], indent="  ", cuttable=(1, 7)))
    return out


DETAIL_COLUMNS = ("participant", "project", "intake_date", "months", "suspended", "has_plan",
                  "planned_end", "overdue", "invalid_absence_days")
# The attention marks the table shows, as columns of their own (suspended and overdue are
# columns already).
MARKS = {"no_plan": "no plan", "invalid_absence": "invalid absence"}


def _caseload_csv(d: dict) -> str:
    """One row per participant, with the counsellor's over_capacity and the marks as columns
    (from plain caseload data, which has no details: the participant column only)."""
    detailed = any("details" in c for c in d["counsellors"])
    header = ["date", "counsellor", "over_capacity",
              *(DETAIL_COLUMNS + tuple(MARKS) if detailed else ("participant",))]
    rows = []
    for c in d["counsellors"]:
        first = [d["date"], c["counsellor"], c["over_capacity"]]
        if not detailed:
            rows += [[*first, p] for p in c["participants"]]
            continue
        for x in c["details"]:
            rows.append([*first, *(rounded(k, x[k]) for k in DETAIL_COLUMNS),
                         *(mark in x["attention"] for mark in MARKS.values())])
    return _csv_text(header, rows)


# -- show and history ----------------------------------------------------------------------

META = ("type", "participant", "date", "id", "recorded_at", "recorded_by",
        "retracted_by", "retracted_at")


def _value(field: str, v) -> str:
    if isinstance(v, list):
        return ", ".join(_value(field, x) for x in v)
    if isinstance(v, bool):
        return yes(v)
    if v is None:
        return NONE
    if field == "country":
        return country(v)
    if field in FIELD_TERMS:
        return term(FIELD_TERMS[field], v)
    if field == "reason" and isinstance(v, str):
        return term("abort_reason", v) if v in _terms("abort_reason") else term(
            "suspension_reason", v) if v in _terms("suspension_reason") else v
    return str(v)


def _terms(kind: str) -> dict:
    from i18n.terms import TERMS
    return TERMS[kind]


def _fields(fact: dict) -> str:
    return "; ".join(f"{term('field', k)}: {_value(k, v)}" for k, v in fact.items()
                     if k not in META)


def _show_table(d: dict) -> list:
    ex = d["exit"]
    exit_text = NONE if ex is None else f"{ex['date']} {_fields(ex)}"
    plan = d["plan"]
    plan_text = NONE if plan is None else f"{plan['date']} {_value('measures', plan['measures'])}"
    if plan is not None and plan.get("goal"):
        plan_text += " ({goal}: {aim})".format(goal=term("field", "goal"),
                                               aim=term("goal", plan["goal"]))
    facts = grid(["", ""], [
        [_("participant"), d["participant"]], [_("state"), term("state", d["state"])],
        [_("project"), d["project"]], [_("counsellor"), d["counsellor"]],
        [_("gender"), term("person_gender", d["gender"]) if d["gender"] else NONE],
        [_("country"), country(d["country"]) if d["country"] else NONE],
        [_("intake"), d["intake_date"]], [_("end"), d["end_date"]], [_("exit"), exit_text],
        [_("planned end"), d["planned_end"]], [_("days suspended"), d["suspended_days"]],
        [_("absence days, valid"), dec(d["absence_days"]["valid"])],
        [_("absence days, invalid"), dec(d["absence_days"]["invalid"])],
        [_("plan"), plan_text],
        *[[_("follow-up {months} months").format(months=u["months"]),
           f"{u['date']} " + (_("employed") if u["employed"] else _("not employed"))
           + (f" ({term('industry', u['industry'])})" if u.get("industry") else "")]
          for u in d["follow_ups"]],
    ])
    facts.cells = facts.cells[1:]  # no header row
    facts[:] = facts.lines()
    out: list = [facts, "", _("Events in force")]
    out.append(grid([_("date"), _("type"), _("details"), _("recorded"), _("by"), _("id")],
                    [[e["date"], term("type", e["type"]), _fields(e), e.get("recorded_at"),
                      e.get("recorded_by"), e["id"]] for e in d["events"]], indent="  ",
                    cuttable=(1, 2)))
    return out


EVENT_COLUMNS = ("date", "type", "id", "recorded_at", "recorded_by")


def _show_csv(d: dict) -> str:
    """One row per event in force, with the participant's state on the day beside it."""
    return _csv_text(["participant", "state", "counsellor", *EVENT_COLUMNS, "fields"],
                     ([d["participant"], d["state"], d["counsellor"],
                       *(e.get(c) for c in EVENT_COLUMNS),
                       {k: v for k, v in e.items() if k not in META}] for e in d["events"]))


def _history_table(h: list[dict]) -> list:
    return [grid([_("recorded"), _("by"), _("type"), _("date"), _("details"), _("id"),
                  _("retracted")],
                 [[f["recorded_at"], f.get("recorded_by"), term("type", f["type"]), f["date"],
                   (_("event {event}: {reason}").format(event=f["event"], reason=f["reason"])
                    if f["type"] == "retraction" else _fields(f)), f["id"],
                   (_("by {who} at {when}").format(who=f["retracted_by"], when=f["retracted_at"])
                    if f["retracted_by"] else "")]
                  for f in h], cuttable=(1, 2, 4))]


def _history_csv(h: list[dict]) -> str:
    return _csv_text(["recorded_at", "recorded_by", "participant", "type", "date", "id",
                      "retracted_by", "retracted_at", "fields"],
                     ([f["recorded_at"], f.get("recorded_by"), f["participant"], f["type"],
                       f["date"], f["id"], f["retracted_by"], f["retracted_at"],
                       {k: v for k, v in f.items() if k not in META}] for f in h))


# -- explain and changes ------------------------------------------------------------------

def _explain_table(d: dict) -> list:
    n = d["value"]
    out: list = [ngettext("{figure}, {year}: {n} participant", "{figure}, {year}: {n} participants",
                          n).format(figure=d["figure"], year=d["year"], n=n)]
    if d["known_at"] is not None:
        out.append(_("as known at {known_at}").format(known_at=d["known_at"]))
    if d["participants"]:
        out += ["", grid([_("participant"), _("events")],
                         [[p["participant"], " ".join(p["events"])] for p in d["participants"]],
                         cuttable=(1,))]
    return out


def _explain_csv(d: dict) -> str:
    return _csv_text(["participant", "events"],
                     ([p["participant"], " ".join(p["events"])] for p in d["participants"]))


def _exact(v) -> str:
    """A figure exactly as JSON gives it (a table of changes must not round two different
    values to one); a leaf one side does not have is a dash."""
    return NONE if v is None else json.dumps(v)


def _changes_table(d: dict) -> list:
    out: list = [_("Changes in stats {year} from {since} to {until}").format(
        year=d["year"], since=d["from"], until=d["to"] or _("now")), ""]
    found = d["changes"]
    if not found:
        return out + [_("no figure changed")]
    moved = [c for c in found if c["participants_added"] or c["participants_removed"]]
    out.append(grid([_("figure"), _("before"), _("after"), _("added"), _("removed")],
                    [[c["figure"], _exact(c["before"]), _exact(c["after"]),
                      *([len(c["participants_added"]), len(c["participants_removed"])]
                        if c["participants_added"] or c["participants_removed"] else ["", ""])]
                     for c in found]))
    for c in moved:  # who, and the events that account for them
        said = grid(["", ""], [[f"  {label}", " ".join(c[key])] for label, key in
                               ((_("added"), "participants_added"),
                                (_("removed"), "participants_removed"), (_("events"), "events"))
                               if c[key]], cuttable=(1,))
        said.cells = said.cells[1:]  # no header row
        said[:] = said.lines()
        out += ["", c["figure"], said]
    return out


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
        return _("Log head: position {position}, no hash chain there (a store written before "
                 "the chain)").format(position=head["position"]) + "\n"
    return _("Log head: {position}:{digest} (nysjanse verify --head)").format(
        position=head["position"], digest=head["digest"][:16]) + "\n"


def verify_table(v: dict) -> str:
    """`nysjanse verify`'s table (not a read-model kind: it has no CSV): the verdict, with the
    head whole (to publish, or to pass to --head)."""
    if not v["ok"]:
        return _("broken at position {position}: {problem}").format(
            position=v["position"], problem=say(v["problem"])) + "\n"
    lines = [ngettext("intact: {n} event, each chained to the one before",
                      "intact: {n} events, each chained to the one before",
                      v["events"]).format(n=v["events"]),
             _("head: {position}:{digest}").format(position=v["position"], digest=v["digest"])]
    if v.get("head") is not None:
        position, digits = v["head"]
        lines.append(_("the head given, {position}:{digest}, is still in the log").format(
            position=position, digest=digits))
    return "\n".join(lines) + "\n"


# -- access log ------------------------------------------------------------------------------

def _access_table(entries: list[dict]) -> list:
    if not entries:
        return [_("no access recorded")]
    return [grid([_("at"), _("user"), _("command"), _("participants")],
                 [[e["at"], e["user"], e["command"], " ".join(e["participants"])]
                  for e in entries], cuttable=(2, 3))]


def _access_csv(entries: list[dict]) -> str:
    return _csv_text(["at", "user", "command", "participants"],
                     ([e["at"], e["user"], e["command"], " ".join(e["participants"])]
                      for e in entries))


_TABLES = {"stats": _stats_table, "status": _status_table, "caseload": _caseload_table,
           "show": _show_table, "history": _history_table, "explain": _explain_table,
           "changes": _changes_table, "access-log": _access_table}
_CSVS = {"stats": _stats_csv, "status": _status_csv, "caseload": _caseload_csv,
         "show": _show_csv, "history": _history_csv, "explain": _explain_csv,
         "changes": _changes_csv, "access-log": _access_csv}
