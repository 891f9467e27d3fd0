"""The annual report as one self-contained HTML page: chapters 3-6 of IMDi's report, regenerated.

Every number comes from the statistics of `stats YEAR` (`report.data.load` computes them with
the same function as `projections.queries.stats`, from the same read); figure 3.1 and the
year-end distribution add breakdowns of those same rows. No network: the CSS is inline and the
charts are inline SVG.
"""
from __future__ import annotations

from domain.messages import Said
import errno
import json
import os
from datetime import datetime
from html import escape

from domain.facts import ABORT_REASONS, INDUSTRIES, OUTCOMES, WORK_OR_EDUCATION
from domain.groups import (EXIT_TYPES, YEAR_END_BINS, aborted, top_countries,
                           year_end_bin_counts)
from domain.periods import last_day
from domain.unsafe import escape as shown
from store.files import replaced_whole

from . import charts as ch
from .data import ReportData, load
from .labels import Words, text
from .style import CSS

EXIT_COLOURS = {"completed": ch.TEAL, "aborted_by_participant": ch.RED,
                "aborted_by_decision": ch.ROSE, "transferred_to_nav": ch.BLUE}


class WriteFailed(Said):
    """The report file could not be written; the message is one plain sentence."""


def write_report(db, year: int, output_path, known_at: str | None = None, lang: str = "nb",
                 views: str | None = None, key=None, changes_since: str | None = None,
                 log_named=None) -> None:
    """Write the annual report for `year` to `output_path` (one self-contained HTML file).

    `known_at`: an ISO 8601 timestamp with offset; the report shows what had been recorded by
    then and says so. `lang`: "nb" (bokmål, the report's wording) or "en". `changes_since`: a
    timestamp; an appendix then lists the figures changed since (`nysjanse changes`).
    `log_named` (build_report). Raises ValueError for a bad `known_at` or `lang`, WriteFailed
    when the file cannot be written; either way, and when `log_named` raises, no file is left
    behind.

    The page goes to a temporary file beside `output_path` (opened first, so a folder that
    cannot be written fails before the report is computed), then takes its name in one step.
    """
    path = os.fspath(output_path)
    folder = os.path.dirname(path) or "."
    if os.path.isdir(path):
        raise WriteFailed("cannot write {path}: it is a folder", path=path)
    if not os.path.basename(path):
        raise WriteFailed("cannot write {path!r}: it names no file", path=path)
    try:
        with replaced_whole(path) as out:
            try:
                html = build_report(db, year, known_at=known_at, lang=lang, views=views, key=key,
                                    changes_since=changes_since, log_named=log_named)
            except OSError as error:  # not the page's file: passed on as it is
                raise _NotWriting(error) from None
            out.write(html)
    except _NotWriting as wrapped:
        raise wrapped.error from None
    except OSError as error:
        raise WriteFailed("cannot write {path}: {error}", path=path, error=_why(error, folder)) from None


class _NotWriting(Exception):
    """An OSError from building the page, kept apart from the errors of writing it."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def _why(error: OSError, folder: str) -> str:
    """Why a file in `folder` could not be written, in words (no errno, no file names)."""
    if error.errno == errno.ENOENT:
        if os.path.isdir(folder):  # /proc, say
            return f"folder {folder} takes no new files"
        return f"folder {folder} does not exist"
    if error.errno == errno.ENOTDIR:
        above = folder
        while above and not os.path.exists(above):
            above = os.path.dirname(above)
        return f"{above or folder} is a file, not a folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write in folder {folder}"
    if error.errno == errno.EROFS:
        return f"folder {folder} is on a read-only file system"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if error.errno == errno.EISDIR:
        return "it is a folder"
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return (error.strerror or type(error).__name__).lower()


def build_report(db, year: int, known_at: str | None = None, lang: str = "nb",
                 views: str | None = None, key=None, changes_since: str | None = None,
                 log_named=None) -> str:
    """The report's HTML as a string.

    `log_named(pseudonyms)` is called with the participants the page names, once read and
    before the page is made (the access log: an exception from it leaves no page). Only the
    appendix (`changes_since`) names participants, so only a report with it calls it, as
    `changes` logs even when nothing changed; the rest is figures, which name nobody, and
    like `stats` is not logged."""
    w = text(lang)  # a bad lang fails before any reading
    seen: list[str] | None = [] if changes_since is not None else None
    data = load(db, int(year), known_at, views, key, changes_since, seen)
    if log_named is not None and seen is not None:
        log_named(seen)
    return render(data, w)


# -- small HTML helpers ----------------------------------------------------------------------

def e(value) -> str:
    """Text for the page: markup escaped, and the characters `domain.unsafe` names shown as
    `\\uXXXX` (a control character is no HTML, a direction override would reorder a cell)."""
    return shown(escape(str(value), quote=True))


def table(head: list[str], rows: list[list], foot: list[list] | None = None,
          label: str = "") -> str:
    """A table; the first column is a label, the others numbers (already formatted)."""
    def cells(row, tag):
        first, *rest = row
        lead = f'<{tag} scope="row">{e(first)}</{tag}>' if tag == "th" else f"<td>{e(first)}</td>"
        return lead + "".join(f'<td class="num">{e(c)}</td>' for c in rest)
    out = [f'<table aria-label="{e(label)}">' if label else "<table>", "<thead><tr>"]
    out += [f'<th scope="col"{" class=num" if i else ""}>{e(h)}</th>' for i, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    out += [f"<tr>{cells(r, 'th')}</tr>" for r in rows]
    out.append("</tbody>")
    if foot:
        out.append("<tfoot>")
        out += [f"<tr>{cells(r, 'th')}</tr>" for r in foot]
        out.append("</tfoot>")
    out.append("</table>")
    return "".join(out)


def figure(fig_id: str, number: str | None, caption: str, svg: str, tables: str,
           w: Words, wide: bool = False) -> str:
    num = f'<span class="fig-num">{e(w["figure"])} {e(number)}.</span> ' if number else ""
    layout = "fig-body wide" if wide else "fig-body"
    return (f'<figure id="{fig_id}" class="fig">'
            f"<figcaption>{num}{e(caption)}</figcaption>"
            f'<div class="{layout}"><div class="fig-chart">{svg}</div>'
            f'<div class="fig-table">{tables}</div></div></figure>')


def heading(level: int, number: str, title: str, anchor: str) -> str:
    return (f'<h{level} id="{anchor}"><span class="sec-num">{e(number)}</span> '
            f"{e(title)}</h{level}>")


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# -- the page --------------------------------------------------------------------------------

def render(data: ReportData, w: Words) -> str:
    s, year = data.stats, data.year
    anon = anonymise(s["projects"])
    chapters = [chapter_3(data, w), chapter_4(data, w, anon), chapter_5(data, w),
                chapter_6(data, w), appendix(data, w)]
    title = w("doc_title", year=year)
    stamp = (w("known_at", known_at=data.known_at) if data.known_at is not None
             else w["known_now"])
    generated = w("generated", now=datetime.now().astimezone().isoformat(timespec="seconds"))
    head = data.head  # the log the figures came from, to check later with verify --head
    log_head = (w("log_head", **head) if head["digest"] is not None
                else w("log_unchained", position=head["position"]))
    sections = [(3, w["ch3"], "kap-3"), (4, w["ch4"], "kap-4"), (5, w["ch5"], "kap-5"),
                (6, w["ch6"], "kap-6")]
    if data.changes is not None:
        sections.append(("", w("changes_title", since=data.changes["from"]), "endringer"))
    toc = "".join(f'<li><a href="#{a}"><span class="sec-num">{n}</span> {e(t)}</a></li>'
                  for n, t, a in sections)
    return f"""<!DOCTYPE html>
<html lang="{w['html_lang']}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nysjanse report">
<title>{e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header class="masthead">
<p class="kicker">Ny sjanse · {e(year)}</p>
<h1>{e(title)}</h1>
<p class="subtitle">{e(w['subtitle'])}</p>
<p class="stamp" id="knowledge-time" data-known-at="{e(data.known_at or '')}">{e(stamp)}</p>
<nav class="toc" aria-label="{e(w['contents'])}"><ol>{toc}</ol></nav>
</header>
<main>
{''.join(chapters)}
</main>
<footer class="colophon">
<p>{e(w('source', year=year))}</p>
<p><span class="stamp-small">{e(stamp)}</span> · {e(generated)}</p>
<p id="log-head" data-position="{e(data.head['position'])}" data-digest="{e(data.head['digest'] or '')}">{e(log_head)}</p>
</footer>
</body>
</html>
"""


def appendix(data: ReportData, w: Words) -> str:
    """The figures changed since an earlier knowledge time (`nysjanse changes`): each with
    its value then and now, the participants added and removed, and the events that account
    for them. Values exactly as `stats` JSON gives them: an auditor compares them with a
    published table."""
    if data.changes is None:
        return ""
    found = data.changes["changes"]
    head = heading(2, "", w("changes_title", since=data.changes["from"]), "h-endringer")
    lead = f'<p>{e(w("changes_lead", since=data.changes["from"], year=data.year))}</p>'
    if not found:
        return (f'<section class="chapter" id="endringer">{head}{lead}'
                f'<p>{e(w["changes_none"])}</p></section>')

    def value(v):
        return "–" if v is None else json.dumps(v)
    rows = [[c["figure"], value(c["before"]), value(c["after"]),
             " ".join(c["participants_added"]), " ".join(c["participants_removed"]),
             " ".join(c["events"])] for c in found]
    body = table([w["changes_figure"], w["changes_before"], w["changes_after"],
                  w["changes_added"], w["changes_removed"], w["changes_events"]], rows,
                 label=w("changes_title", since=data.changes["from"]))
    return f'<section class="chapter" id="endringer">{head}{lead}{body}</section>'


def key_figures(s: dict, w: Words) -> str:
    n, f, m = s["participants"], s["by_gender"]["F"], s["by_gender"]["M"]
    items = [
        ("women", w("key_women", n=w.integer(f), p=w.pct(share(f, n), 0))),
        ("men", w("key_men", n=w.integer(m), p=w.pct(share(m, n), 0))),
        ("countries", w("key_countries", n=w.integer(s["countries"]))),
        ("projects", w("key_projects", n=w.integer(len(s["projects"])))),
        ("exits", w("key_exits", n=w.integer(s["exits"]))),
        ("work_or_education_rate", w("key_woe", p=w.pct(s["work_or_education_rate"]))),
    ]
    big = (f'<div class="key-big"><span class="key-value" data-key="participants">'
           f'{e(w.integer(n))}</span><span class="key-label">'
           f'{e(w["participants"].lower())}</span></div>')
    lis = "".join(f'<li data-key="{k}">{e(v)}</li>' for k, v in items)
    return (f'<aside id="key-figures" class="key-figures" aria-label="{e(w("key_title", year=s["year"]))}">'
            f'<h3>{e(w("key_title", year=s["year"]))}</h3>{big}<ul>{lis}</ul></aside>')


def anonymise(projects: dict) -> dict[str, str]:
    """Project name -> `Prosjekt A`…, ranked by leavers in the goal base (then all leavers)."""
    ranked = sorted(projects, key=lambda p: (-projects[p]["goal_base"], -projects[p]["exits"], p))
    return {p: i for i, p in enumerate(ranked)}


# -- chapter 3 -------------------------------------------------------------------------------

def chapter_3(data: ReportData, w: Words) -> str:
    s, year = data.stats, data.year
    parts = ['<section class="chapter" id="kap-3">', heading(2, "3", w["ch3"], "h-3")]
    if not s["participants"]:
        parts.append(f'<p class="lead">{e(w("none_in_year", year=year))}</p>')
    parts.append('<div class="lead-row">')
    parts.append(f'<p class="lead">{e(w("ch3_lead", participants=w.integer(s["participants"]), year=year, carried=w.integer(s["carried_over"]), prev=year - 1, new=w.integer(s["new"]), countries=w.integer(s["countries"])))}</p>')
    parts.append(key_figures(s, w))
    parts.append("</div>")
    parts += [fig_3_1(data, w), fig_3_2(s, w)]
    parts.append(heading(3, "3.1", w("sec_3_1", year=year), "h-3-1"))
    parts.append(f'<p class="lead">{e(w("sec_3_1_lead", participants=w.integer(s["participants"]), year=year, remaining=w.integer(s["remaining"]), next=year + 1, exits=w.integer(s["exits"]), completed=w.integer(s["exit_types"]["completed"]), aborted=w.integer(aborted(s["exit_types"])), transferred=w.integer(s["exit_types"]["transferred_to_nav"])))}</p>')
    parts += [fig_3_3(s, w), fig_3_4(s, w), fig_3_5(s, w), fig_year_end(data, w)]
    parts.append("</section>")
    return "".join(parts)


def year_colours(n: int) -> list[str]:
    if n <= len(ch.YEARS):
        return list(ch.YEARS[len(ch.YEARS) - n:])
    from matplotlib import colormaps
    from matplotlib.colors import to_hex
    cmap = colormaps["Blues"]
    return [to_hex(cmap(0.2 + 0.75 * i / (n - 1))) for i in range(n)]


def fig_3_1(data: ReportData, w: Words) -> str:
    s, year = data.stats, data.year
    years = data.intake_years
    projects = sorted(data.cohorts, key=lambda p: (-sum(data.cohorts[p].values()), p))
    colours = year_colours(len(years))
    series = [(str(y), [data.cohorts[p].get(y, 0) for p in projects], c)
              for y, c in zip(years, colours)]
    caption = w("fig_3_1", n=w.integer(s["participants"]), year=year)
    svg = ch.stacked_barh(w, "f31", caption, projects, series, w["count"], wide=True)
    rows = [[p, *(w.integer(data.cohorts[p].get(y, 0)) for y in years),
             w.integer(s["projects"][p]["participants"])] for p in projects]
    foot = [[w["total"], *(w.integer(sum(data.cohorts[p].get(y, 0) for p in projects))
                            for y in years), w.integer(s["participants"])]]
    head = [w["project"], *(str(y) for y in years), w["total"]]
    return figure("fig-3-1", "3.1", caption, svg, table(head, rows, foot, caption), w, wide=True)


def fig_3_2(s: dict, w: Words) -> str:
    n = s["participants"]
    top, rest = top_countries(s["by_country"])
    shown = sum(v for _, v in top)
    caption = w("fig_3_2", shown=w.integer(shown), p=w.pct_number(share(shown, n), 0))
    svg = ch.barh(w, "f32", caption, [w.country(c) for c, _ in top], [v for _, v in top],
                  w.integer, w["count"], colors=[ch.NAVY] * len(top))
    rows = [[w.country(c), w.integer(v), w.pct(share(v, n))] for c, v in top]
    if rest:
        other = sum(v for _, v in rest)
        rows.append([w("other_countries", n=len(rest)), w.integer(other), w.pct(share(other, n))])
    foot = [[w["total"], w.integer(n), w.pct(share(n, n))]]
    return figure("fig-3-2", "3.2", caption, svg,
                  table([w["country"], w["count"], w["percent"]], rows, foot, caption), w)


def fig_3_3(s: dict, w: Words) -> str:
    n = s["exits"]
    caption = w("fig_3_3", n=w.integer(n), year=s["year"])
    names = [w[f"exit_{t}"] for t in EXIT_TYPES]
    values = [s["exit_types"][t] for t in EXIT_TYPES]
    svg = ch.donut(w, "f33", caption, names, values, [EXIT_COLOURS[t] for t in EXIT_TYPES],
                   f"N={w.integer(n)}")
    rows = [[name, w.integer(v), w.pct(share(v, n))] for name, v in zip(names, values)]
    foot = [[w["total"], w.integer(n), w.pct(share(n, n))]]
    return figure("fig-3-3", "3.3", caption, svg,
                  table(["", w["count"], w["percent"]], rows, foot, caption), w)


def fig_3_4(s: dict, w: Words) -> str:
    """Completed and aborted by project, anonymised with the letters of figure 4.6. Transfers
    are left out: with them a row could be matched to the named projects of chapter 6, and
    through the letters to figure 4.6's results, which the report does not name."""
    projects = s["projects"]
    anon = anonymise(projects)
    order = [p for p in sorted(projects, key=anon.get) if projects[p]["goal_base"]]
    labels = [w.project_letter(anon[p]) for p in order]
    kinds = (("completed", w["exit_completed"], ch.TEAL),
             ("aborted", w["exit_aborted"], ch.RED))
    series = [(name, [projects[p][k] for p in order], c) for k, name, c in kinds]
    caption = w("fig_3_4", n=w.integer(s["goal_base"]), year=s["year"],
                transferred=w.integer(s["exit_types"]["transferred_to_nav"]))
    svg = ch.stacked_barh(w, "f34", caption, labels, series, w["count"], wide=True)
    rows = [[label, *(w.integer(projects[p][k]) for k, _, _ in kinds),
             w.integer(projects[p]["goal_base"]),
             w.pct(share(projects[p]["aborted"], projects[p]["goal_base"]))]
            for label, p in zip(labels, order)]
    et = s["exit_types"]
    aborted_exits = aborted(et)
    foot = [[w["total"], w.integer(et["completed"]), w.integer(aborted_exits),
             w.integer(s["goal_base"]), w.pct(share(aborted_exits, s["goal_base"]))]]
    head = [w["project_anon"], *(name for _, name, _ in kinds), w["total"], w["aborted_share"]]
    return figure("fig-3-4", "3.4", caption, svg, table(head, rows, foot, caption), w, wide=True)


def fig_3_5(s: dict, w: Words) -> str:
    avg, et = s["average_months"], s["exit_types"]
    items = [(w["avg_completed"], et["completed"], avg["completed"], ch.TEAL),
             (w["avg_aborted"], aborted(et), avg["aborted"], ch.RED),
             (w["avg_transferred"], et["transferred_to_nav"], avg["transferred_to_nav"], ch.BLUE)]
    caption = w("fig_3_5", year=s["year"])
    svg = ch.barh(w, "f35", caption, [i[0] for i in items], [i[2] or 0 for i in items],
                  w.decimal, w["months"], colors=[i[3] for i in items], scale=ch.NUMBER)
    rows = [[name, w.integer(n), w.decimal(m)] for name, n, m, _ in items]
    return figure("fig-3-5", "3.5", caption, svg,
                  table(["", w["n"], w["months"]], rows, None, caption), w)


def bin_label(low: float, high: float | None) -> str:
    """A bin (low, high] of domain.groups.YEAR_END_BINS as the figure names it, edges that do
    not overlap: ≤ 6, > 6 ≤ 12, … > 24 (not "6–12", which reads as holding 6 twice)."""
    if high is None:
        return f"> {low}"
    return f"≤ {high}" if low == 0 else f"> {low} ≤ {high}"


def fig_year_end(data: ReportData, w: Words) -> str:
    s, year = data.stats, data.year
    ye = s["year_end"]
    counts = year_end_bin_counts(data.year_end_months)
    labels = [bin_label(low, high) for low, high in YEAR_END_BINS]
    day = last_day(year)
    caption = w("fig_year_end", day=day)
    colours = [ch.SKY, ch.SKY, ch.BLUE, ch.BLUE, ch.RED]
    svg = ch.columns(w, "fye", caption, labels, counts, colours,
                     w["ye_bin"])
    summary = [[w["ye_active"], w.integer(ye["active"])],
               [w["ye_suspended"], w.integer(ye["suspended"])],
               [w["ye_avg"], w.decimal(ye["average_months"])],
               [w["ye_within_12"], w.pct(ye["share_within_12_months"])],
               [w["ye_over_24"], w.integer(ye["over_24_months"])]]
    bins = [[f'{label} {w["months"].lower()}', w.integer(c)]
            for label, c in zip(labels, counts)]
    tables = (table(["", ""], summary, None, caption)
              + table([w["ye_bin"], w["count"]], bins,
                      [[w["total"], w.integer(sum(counts))]], caption))
    lead = w("year_end_lead", active=w.integer(ye["active"]), next=year + 1, year=year,
             avg=w.decimal(ye["average_months"]),
             share=w.pct(ye["share_within_12_months"], 0),
             over=w.integer(ye["over_24_months"]))
    return (f'<h4 class="minor">{e(w("year_end_title", next=year + 1))}</h4>'
            f'<p class="lead">{e(lead)}</p>'
            + figure("fig-year-end", None, caption, svg, tables, w))


# -- chapter 4 -------------------------------------------------------------------------------

def chapter_4(data: ReportData, w: Words, anon: dict) -> str:
    s, year = data.stats, data.year
    transferred = w.integer(s["exit_types"]["transferred_to_nav"])
    parts = ['<section class="chapter" id="kap-4">', heading(2, "4", w["ch4"], "h-4"),
             f'<p class="lead">{e(w("ch4_lead", woe=w.integer(s["work_or_education"]), base=w.integer(s["goal_base"]), year=year, rate=w.pct_number(s["work_or_education_rate"]), transferred=transferred))}</p>',
             fig_4_1(s, w), fig_4_2(s, w), fig_4_3(s, w),
             heading(3, "4.1", w["sec_4_1"], "h-4-1"),
             f'<p class="lead">{e(w("sec_4_1_lead", n=w.integer(sum(s["abort_reasons"].values())), year=year))}</p>',
             fig_4_4(s, w), fig_4_5(s, w),
             heading(3, "4.2", w("sec_4_2", year=year), "h-4-2"),
             f'<p class="lead">{e(w("sec_4_2_lead", n=w.integer(s["incentive"]["participants"]), f=w.integer(s["incentive"]["by_gender"]["F"]), m=w.integer(s["incentive"]["by_gender"]["M"]), twelve=w.integer(s["incentive"]["twelve_months"])))}</p>',
             fig_incentive(s, w),
             heading(3, "4.3", w["sec_4_3"], "h-4-3"),
             f'<p class="lead">{e(w("sec_4_3_lead", year=year, share=w.pct_number(share(s["exits"], s["participants"]), 0), exits=w.integer(s["exits"]), f=w.integer(s["exits_by_gender"]["F"]), m=w.integer(s["exits_by_gender"]["M"]), remaining=w.integer(s["remaining"])))}</p>',
             fig_4_6(s, w, anon), "</section>"]
    return "".join(parts)


def fig_4_1(s: dict, w: Words) -> str:
    by = s["work_or_education_by_gender"]
    groups = [(w["women"], by["F"]["count"], by["F"]["base"]),
              (w["men"], by["M"]["count"], by["M"]["base"]),
              (w["total"], s["work_or_education"], s["goal_base"])]
    caption = w("fig_4_1", year=s["year"], transferred=w.integer(s["exit_types"]["transferred_to_nav"]),
                n=w.integer(s["goal_base"]))
    svg = ch.share_barh(w, "f41", caption, [g[0] for g in groups],
                        [[g[1] for g in groups], [g[2] - g[1] for g in groups]],
                        [w["woe"], w["not_woe"]], [ch.TEAL, ch.PALE], wide=True)
    rows = [[name, w.integer(base), w.integer(n), w.pct(share(n, base)),
             w.integer(base - n), w.pct(share(base - n, base))] for name, n, base in groups]
    head = ["", w["n"], w["woe"], "%", w["not_woe"], "%"]
    return figure("fig-4-1", "4.1", caption, svg, table(head, rows, None, caption), w, wide=True)


def fig_4_2(s: dict, w: Words) -> str:
    n = s["goal_base"]
    aborted_exits = aborted(s["exit_types"])
    items = [(w[f"outcome_{o}"], s["outcomes"][o], ch.TEAL if o in WORK_OR_EDUCATION else ch.SAND)
             for o in OUTCOMES]
    items.append((w["outcome_aborted"], aborted_exits, ch.RED))
    caption = w("fig_4_2", year=s["year"], n=w.integer(n))
    svg = ch.barh(w, "f42", caption, [i[0] for i in items], [i[1] for i in items],
                  lambda v: f"{w.integer(v)} ({w.pct(share(v, n), 0)})", w["count"],
                  colors=[i[2] for i in items])
    rows = [[name, w.integer(v), w.pct(share(v, n))] for name, v, _ in items]
    foot = [[w["total"], w.integer(n), w.pct(share(n, n))],
            [w["woe"], w.integer(s["work_or_education"]), w.pct(s["work_or_education_rate"])]]
    return figure("fig-4-2", "4.2", caption, svg,
                  table(["", w["count"], w["percent"]], rows, foot, caption), w)


def fig_4_3(s: dict, w: Words) -> str:
    avg = s["average_months"]
    groups = [(w["woe"], avg["work_or_education"]), (w["not_woe"], avg["not_work_or_education"])]
    caption = w("fig_4_3")
    series = [(w["women"], [g[1]["F"] for g in groups], ch.WOMEN),
              (w["men"], [g[1]["M"] for g in groups], ch.MEN),
              (w["all"], [g[1]["all"] for g in groups], ch.ALL)]
    svg = ch.grouped_barh(w, "f43", caption, [g[0] for g in groups], series, w["months"])
    rows = [[name, w.decimal(m["F"]), w.decimal(m["M"]), w.decimal(m["all"])]
            for name, m in groups]
    return figure("fig-4-3", "4.3", caption, svg,
                  table(["", w["women"], w["men"], w["all"]], rows, None, caption), w)


def _reasons_ranked(s: dict) -> list[str]:
    counts = s["abort_reasons"]
    return sorted(ABORT_REASONS, key=lambda r: (r == "other", -counts[r], ABORT_REASONS.index(r)))


def fig_4_4(s: dict, w: Words) -> str:
    counts = s["abort_reasons"]
    n = sum(counts.values())
    reasons = _reasons_ranked(s)
    caption = w("fig_4_4", year=s["year"], n=w.integer(n))
    svg = ch.barh(w, "f44", caption, [w[f"reason_{r}"] for r in reasons],
                  [counts[r] for r in reasons],
                  lambda v: f"{w.integer(v)} ({w.pct(share(v, n), 0)})", w["count"],
                  colors=[ch.RED] * len(reasons))
    rows = [[w[f"reason_{r}"], w.integer(counts[r]), w.pct(share(counts[r], n))] for r in reasons]
    foot = [[w["total"], w.integer(n), w.pct(share(n, n))]]
    return figure("fig-4-4", "4.4", caption, svg,
                  table(["", w["count"], w["percent"]], rows, foot, caption), w)


def fig_4_5(s: dict, w: Words) -> str:
    avg = s["average_months"]["abort_reasons"]
    reasons = [r for r in _reasons_ranked(s) if s["abort_reasons"][r]]
    caption = w("fig_4_5", year=s["year"])
    series = [(w["women"], [avg[r]["F"] for r in reasons], ch.WOMEN),
              (w["men"], [avg[r]["M"] for r in reasons], ch.MEN),
              (w["all"], [avg[r]["all"] for r in reasons], ch.ALL)]
    svg = ch.grouped_barh(w, "f45", caption, [w[f"reason_{r}"] for r in reasons], series,
                          w["months"])
    rows = [[w[f"reason_{r}"], w.integer(s["abort_reasons"][r]), w.decimal(avg[r]["F"]),
             w.decimal(avg[r]["M"]), w.decimal(avg[r]["all"])] for r in reasons]
    foot = [[w["total"], w.integer(sum(s["abort_reasons"].values())), "", "",
             w.decimal(s["average_months"]["aborted"])]]
    return figure("fig-4-5", "4.5", caption, svg,
                  table(["", w["n"], w["women"], w["men"], w["all"]], rows, foot, caption), w)


def fig_incentive(s: dict, w: Words) -> str:
    inc = s["incentive"]
    industries = list(INDUSTRIES)
    caption = w("fig_incentive", year=s["year"])
    svg = ch.barh(w, "finc", caption, [w[f"industry_{i}"] for i in industries],
                  [inc["by_industry"][i] for i in industries], w.integer, w["count"],
                  colors=[ch.TEAL] * (len(industries) - 1) + [ch.GREY])
    summary = [[w["inc_participants"], w.integer(inc["participants"])],
               [w["women"], w.integer(inc["by_gender"]["F"])],
               [w["men"], w.integer(inc["by_gender"]["M"])],
               [w["inc_twelve"], w.integer(inc["twelve_months"])]]
    rows = [[w[f"industry_{i}"], w.integer(inc["by_industry"][i])] for i in industries]
    tables = (table(["", w["count"]], summary, None, caption)
              + table([w["industry"], w["count"]], rows,
                      [[w["total"], w.integer(sum(inc["by_industry"].values()))]], caption))
    return figure("fig-incentive", None, caption, svg, tables, w)


def fig_4_6(s: dict, w: Words, anon: dict) -> str:
    projects = s["projects"]
    order = [p for p in sorted(projects, key=anon.get) if projects[p]["goal_base"]]
    labels = [w.project_letter(anon[p]) for p in order]
    woe = [projects[p]["work_or_education"] for p in order]
    rest = [projects[p]["goal_base"] - projects[p]["work_or_education"] for p in order]
    caption = w("fig_4_6", year=s["year"], n=w.integer(s["goal_base"]),
                transferred=w.integer(s["exit_types"]["transferred_to_nav"]))
    svg = ch.share_barh(w, "f46", caption, labels, [woe, rest], [w["woe"], w["not_woe"]],
                        [ch.TEAL, ch.PALE], wide=True)
    rows = [[label, w.integer(projects[p]["goal_base"]), w.integer(projects[p]["work_or_education"]),
             w.pct(projects[p]["work_or_education_rate"]),
             w.integer(projects[p]["goal_base"] - projects[p]["work_or_education"])]
            for label, p in zip(labels, order)]
    foot = [[w["total"], w.integer(s["goal_base"]), w.integer(s["work_or_education"]),
             w.pct(s["work_or_education_rate"]), w.integer(s["goal_base"] - s["work_or_education"])]]
    head = [w["project_anon"], w["left"], w["woe"], "%", w["not_woe"]]
    return figure("fig-4-6", "4.6", caption, svg, table(head, rows, foot, caption), w, wide=True)


# -- chapters 5 and 6 ------------------------------------------------------------------------

def chapter_5(data: ReportData, w: Words) -> str:
    s, year = data.stats, data.year
    by = s["work_or_education_by_gender"]
    over70 = sum(1 for p in s["projects"].values() if (p["women_share"] or 0) > 0.7)
    lead = w("ch5_lead", year=year, f=w.integer(s["by_gender"]["F"]),
             share=w.pct_number(share(s["by_gender"]["F"], s["participants"]), 0),
             over70=w.integer(over70), woe_f=w.pct_number(by["F"]["rate"], 0),
             woe_m=w.pct_number(by["M"]["rate"], 0))
    return "".join(['<section class="chapter" id="kap-5">', heading(2, "5", w["ch5"], "h-5"),
                    f'<p class="lead">{e(lead)}</p>', fig_5_1(s, w), "</section>"])


def fig_5_1(s: dict, w: Words) -> str:
    projects = s["projects"]
    order = sorted(projects, key=lambda p: (-(projects[p]["women_share"] or 0), p))
    women = {p: round((projects[p]["women_share"] or 0) * projects[p]["participants"])
             for p in order}
    total = share(s["by_gender"]["F"], s["participants"])
    caption = w("fig_5_1", year=s["year"])
    colours = [ch.WOMEN if (projects[p]["women_share"] or 0) > 0.7 else ch.SKY for p in order]
    reference = (100 * total, f'{w["all"]} {w.pct(total, 0)}') if total is not None else None
    svg = ch.barh(w, "f51", caption, order, [100 * (projects[p]["women_share"] or 0) for p in order],
                  lambda v: f"{w.decimal(v, 0)}\u00a0%", w["percent"], colors=colours,
                  xmax=112, scale=ch.PERCENT, reference=reference)
    rows = [[p, w.integer(projects[p]["participants"]), w.integer(women[p]),
             w.pct(projects[p]["women_share"])] for p in order]
    foot = [[w["total"], w.integer(s["participants"]), w.integer(s["by_gender"]["F"]),
             w.pct(total)]]
    return figure("fig-5-1", "5.1", caption, svg,
                  table([w["project"], w["participants"], w["women"], w["women_share"]], rows,
                        foot, caption), w)


def chapter_6(data: ReportData, w: Words) -> str:
    s, year = data.stats, data.year
    projects = [p for p in s["projects"] if s["projects"][p]["transferred_to_nav"]]
    lead = w("sec_6_2_lead", n=w.integer(s["exit_types"]["transferred_to_nav"]), year=year,
             f=w.integer(s["transferred_by_gender"]["F"]),
             m=w.integer(s["transferred_by_gender"]["M"]), projects=w.integer(len(projects)),
             avg=w.decimal(s["average_months"]["transferred_to_nav"]))
    return "".join(['<section class="chapter" id="kap-6">', heading(2, "6", w["ch6"], "h-6"),
                    heading(3, "6.1", w["sec_6_2"], "h-6-1"), f'<p class="lead">{e(lead)}</p>',
                    fig_nav(s, w, projects), "</section>"])


def fig_nav(s: dict, w: Words, projects: list[str]) -> str:
    counts = {p: s["projects"][p]["transferred_to_nav"] for p in projects}
    order = sorted(projects, key=lambda p: (-counts[p], p))
    n = s["exit_types"]["transferred_to_nav"]
    caption = w("fig_nav", year=s["year"])
    svg = ch.barh(w, "fnav", caption, order, [counts[p] for p in order], w.integer, w["count"],
                  colors=[ch.BLUE] * len(order))
    rows = [[p, w.integer(counts[p])] for p in order]
    foot = [[w["total"], w.integer(n)],
            [w["women"], w.integer(s["transferred_by_gender"]["F"])],
            [w["men"], w.integer(s["transferred_by_gender"]["M"])],
            [w["nav_avg"], w.decimal(s["average_months"]["transferred_to_nav"])]]
    return figure("fig-nav", None, caption, svg,
                  table([w["project"], w["transferred"]], rows, foot, caption), w)
