"""The annual report (`report.write_report`): one self-contained HTML page with chapters 3-6 of
the 2008 report regenerated from the demo year's events, every number equal to `stats 2008`.

The page is parsed with the standard library's HTMLParser; the browser test renders it in
headless Chromium and looks at the pixels.
"""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from demo import generate

FIGURES = ("fig-3-1", "fig-3-2", "fig-3-3", "fig-3-4", "fig-3-5", "fig-year-end",
           "fig-4-1", "fig-4-2", "fig-4-3", "fig-4-4", "fig-4-5", "fig-incentive", "fig-4-6",
           "fig-5-1", "fig-nav")
KNOWN_AT = "2009-01-31T00:00:00+01:00"
MIDYEAR = "2008-06-30T00:00:00+02:00"


def squeeze(text: str) -> str:
    """Runs of ASCII white space as one space (a no-break space is kept: it is the format)."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip()


# -- a small reader of the page --------------------------------------------------------------

class Page(HTMLParser):
    """Figures by id (whether each holds an <svg>, and its tables as rows of cell texts), every
    element id, the key figures, and the page's visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, dict] = {}
        self.ids: list[str] = []
        self.keys: dict[str, str] = {}
        self.text: list[str] = []
        self.lang = None
        self._figure = None
        self._depth = 0
        self._row = None
        self._cell = None
        self._section = None
        self._key = None
        self._svg = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "svg":
            self._svg += 1
        if tag == "figure":
            self._figure = {"svg": False, "tables": [], "caption": ""}
            self.figures[a.get("id")] = self._figure
        if self._figure is None:
            if "data-key" in a:
                self._key = a["data-key"]
                self.keys[self._key] = ""
            return
        if tag == "svg":
            self._figure["svg"] = True
        elif tag == "table":
            self._figure["tables"].append({"head": [], "body": [], "foot": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "figcaption":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
        if tag == "figure":
            self._figure = None
        elif self._key and tag in ("li", "span"):
            self._key = None
        if self._figure is None:
            return
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(squeeze("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._figure["tables"][-1][self._section].append(self._row)
            self._row = None
        elif tag == "figcaption":
            self._figure["caption"] = squeeze("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._key:
            self.keys[self._key] += data
        if not self._svg:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return squeeze(" ".join(self.text))

    def rows(self, fig: str, table: int = 0, part: str = "body") -> dict[str, list[str]]:
        """A table's rows keyed by their first cell."""
        return {r[0]: r[1:] for r in self.figures[fig]["tables"][table][part]}


def nb(n) -> str:
    """An integer as the bokmål tables write it (a no-break space between thousands)."""
    return f"{n:,d}".replace(",", "\u00a0")


def pct(rate: float, lang: str = "nb") -> str:
    text = f"{100 * rate:.1f}"
    return (text.replace(".", ",") if lang == "nb" else text) + "\u00a0%"


def dec(x: float, lang: str = "nb") -> str:
    text = f"{x:.1f}"
    return text.replace(".", ",") if lang == "nb" else text


# -- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    from store.application import Programme
    from store.transfer import import_facts
    db = str(tmp_path_factory.mktemp("report") / "demo.db")
    import_facts(Programme(db, "demo"), generate(), "demo")
    return db


@pytest.fixture(scope="module")
def stats(store) -> dict:
    from projections.queries import stats as query
    return query(store, 2008)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("pages")


@pytest.fixture(scope="module")
def report_nb(store, out) -> str:
    from report import write_report
    path = out / "report-2008.html"
    write_report(store, 2008, path)
    return str(path)


@pytest.fixture(scope="module")
def html(report_nb) -> str:
    with open(report_nb, encoding="utf-8") as f:
        return f.read()


@pytest.fixture(scope="module")
def page(html) -> Page:
    return Page(html)


@pytest.fixture(scope="module")
def page_en(store, out) -> Page:
    from report import write_report
    path = out / "report-2008-en.html"
    write_report(store, 2008, path, known_at=KNOWN_AT, lang="en")
    return Page(path.read_text(encoding="utf-8"))


# -- structure -------------------------------------------------------------------------------

def test_every_figure_has_its_chart_and_table(page):
    for fig in FIGURES:
        assert fig in page.figures, f"{fig} missing"
        assert page.figures[fig]["svg"], f"{fig} has no <svg>"
        assert page.figures[fig]["tables"], f"{fig} has no <table>"
        assert page.figures[fig]["caption"], f"{fig} has no caption"
    assert "key-figures" in page.ids


def test_figure_numbers_and_captions_as_the_report(page):
    assert page.figures["fig-3-1"]["caption"] == (
        "Figur 3.1. De 692 deltakerne i 2008 etter start-år og kommune/bydel. Absolutte tall.")
    assert page.figures["fig-4-1"]["caption"].startswith(
        "Figur 4.1. Resultater Ny sjanse 2008. Andel menn og kvinner som avsluttet eller avbrøt "
        "deltakelsen (ikke medregnet de 133 som gikk til Kvalifiseringsprogrammet).")
    assert page.figures["fig-4-1"]["caption"].endswith("N=279")
    assert page.figures["fig-3-3"]["caption"].endswith("N=412")


def test_element_ids_are_unique(page):
    # several inline SVGs on one page: their internal ids (clip paths) must not collide
    dupes = {i for i in page.ids if page.ids.count(i) > 1}
    assert not dupes


def test_self_contained(html):
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html
    assert "<img" not in html.lower()
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", html)
    assert "http://" not in without_namespaces and "https://" not in without_namespaces
    assert len(html) < 600_000


# -- the numbers equal stats 2008 --------------------------------------------------------------

def test_key_figures(page, stats):
    assert page.keys["participants"] == nb(stats["participants"]) == "692"
    assert "449 kvinner (65 %)" in page.keys["women"].replace("\u00a0", " ")
    assert "243 menn (35 %)" in page.keys["men"].replace("\u00a0", " ")
    assert "67" in page.keys["countries"] and "22" in page.keys["projects"]
    assert "42,7" in page.keys["work_or_education_rate"]


def test_participants_by_start_year_and_project(page, stats):
    head = page.figures["fig-3-1"]["tables"][0]["head"][0]
    assert head[1:-1] == ["2005", "2006", "2007", "2008"]
    rows = page.rows("fig-3-1")
    assert set(rows) == set(stats["projects"])
    for project, cells in rows.items():
        counts = [int(c) for c in cells]
        assert counts[-1] == stats["projects"][project]["participants"]
        assert sum(counts[:-1]) == counts[-1]
        assert counts[-2] == stats["projects"][project]["new"]  # started in 2008
    total = page.rows("fig-3-1", part="foot")["I alt"]
    assert total[-1] == "692" and total[-2] == nb(stats["new"]) == "320"
    assert sum(int(c) for c in total[:-2]) == stats["carried_over"] == 372
    assert rows["Bergen"][-1] == "116" and rows["Oslo Ullern"][-1] == "11"


def test_countries(page, stats):
    rows = page.rows("fig-3-2")
    assert rows["Somalia"] == [nb(stats["by_country"]["SO"]), "29,3\u00a0%"]
    assert rows["Irak"][1] == "21,7\u00a0%" and rows["Pakistan"][1] == "6,6\u00a0%"
    assert sum(int(v[0]) for v in rows.values()) == stats["participants"]


def test_reasons_for_leaving(page, stats):
    rows = page.rows("fig-3-3")
    assert rows["Gjennomførte og avsluttet Ny sjanse"] == ["162", pct(162 / 412)]
    assert rows["Avbrøt selv deltakelsen"] == ["68", pct(68 / 412)]
    assert rows["Vedtak om permanent stans av program"] == ["49", pct(49 / 412)]
    assert rows["Overført til kvalifiseringsprogram"] == [
        nb(stats["exit_types"]["transferred_to_nav"]), pct(133 / 412)]
    assert page.rows("fig-3-3", part="foot")["I alt"][0] == nb(stats["exits"]) == "412"
    months = page.rows("fig-3-5")
    assert months["Deltaker gjennomførte og avsluttet Ny sjanse"][1] == dec(
        stats["average_months"]["completed"]) == "16,7"
    assert months["Deltaker avbrøt eller fikk avbrutt deltakelsen"][1] == "13,9"


def test_goal_attainment(page, stats):
    rows = page.rows("fig-4-1")
    assert rows["I alt"][0] == nb(stats["goal_base"]) == "279"
    assert rows["I alt"][1] == nb(stats["work_or_education"]) == "119"
    assert rows["I alt"][2] == pct(stats["work_or_education_rate"]) == "42,7\u00a0%"
    women = stats["work_or_education_by_gender"]["F"]
    assert rows["Kvinner"][:3] == [nb(women["base"]), nb(women["count"]), pct(women["rate"])]
    assert rows["Kvinner"][2].startswith("44,") and rows["Menn"][2].startswith("40,")
    outcomes = page.rows("fig-4-2")
    assert outcomes["Registrert arbeidssøker hos NAV"] == ["13", pct(13 / 279)]
    assert outcomes["Uten aktivitet"] == ["8", pct(8 / 279)]
    assert page.rows("fig-4-2", part="foot")["Arbeid eller utdanning"] == ["119", "42,7\u00a0%"]
    months = page.rows("fig-4-3")
    m = stats["average_months"]["work_or_education"]
    assert months["Arbeid eller utdanning"] == [dec(m["F"]), dec(m["M"]), dec(m["all"])]


def test_aborted(page, stats):
    rows = page.rows("fig-4-4")
    first = next(iter(rows))
    assert first == "Ikke i stand til å nyttiggjøre seg fulltidsprogram"  # the most common
    assert rows[first][0] == nb(stats["abort_reasons"]["health"])
    assert page.rows("fig-4-4", part="foot")["I alt"][0] == "117"
    months = page.rows("fig-4-5")
    assert months[first][1] == "18,3"  # women's average for health
    assert months["For høyt ugyldig fravær"][1:3] == ["4,3", "8,0"]


def test_goal_attainment_by_project_is_anonymous_and_ranked(page, stats):
    table = page.figures["fig-4-6"]["tables"][0]
    names = [r[0] for r in table["body"]]
    assert names[0] == "Prosjekt A" and all(n.startswith("Prosjekt ") for n in names)
    left = [int(r[1]) for r in table["body"]]
    assert left == sorted(left, reverse=True)
    assert sum(left) == stats["goal_base"]
    assert sorted(left, reverse=True) == sorted(
        (p["goal_base"] for p in stats["projects"].values() if p["goal_base"]), reverse=True)
    for fig in ("fig-4-6", "fig-3-4"):
        text = str(page.figures[fig])
        assert not any(name in text for name in stats["projects"]), f"{fig} names a project"
    assert any(r[1:] == ["15", "1", "6,7\u00a0%", "14"] for r in table["body"])  # 14 of 15


def test_leaving_by_project_uses_the_same_letters_and_no_transfers(page):
    by_letter = {r[0]: r[1:] for r in page.figures["fig-3-4"]["tables"][0]["body"]}
    results = page.rows("fig-4-6")
    assert list(by_letter) == list(results)
    for letter, (completed, aborted, total, _) in by_letter.items():
        assert int(completed) + int(aborted) == int(total) == int(results[letter][0])
    assert ["1", "14", "15", "93,3\u00a0%"] in by_letter.values()  # one project: 14 of 15
    # no transfer counts here: those are shown by name in chapter 6
    head = page.figures["fig-3-4"]["tables"][0]["head"][0]
    assert not any("kvalifiseringsprogram" in h.lower() for h in head)
    foot = page.rows("fig-3-4", part="foot")["I alt"]
    assert foot[:3] == ["162", "117", "279"]


def test_women_share_by_project(page, stats):
    rows = page.rows("fig-5-1")
    assert rows["Stavanger"][-1] == "100,0\u00a0%" and rows["Oslo Østensjø"][-1] == "90,0\u00a0%"
    assert list(rows)[0] == "Stavanger"
    assert page.rows("fig-5-1", part="foot")["I alt"] == ["692", "449", pct(449 / 692)]
    over70 = sum(1 for p in stats["projects"].values() if p["women_share"] > 0.7)
    assert over70 == 9 and f"{over70} av årets prosjekter" in page.visible


def test_year_end_incentive_and_nav(page, stats):
    ye = page.rows("fig-year-end")
    assert ye["Deltakere ved utgangen av året"] == [nb(stats["year_end"]["active"])] == ["280"]
    assert ye["Gjennomsnittlig antall måneder i Ny sjanse"] == ["10,0"]
    assert ye["Deltakere i mer enn to år"] == ["14"]
    assert ye["Andel med ett år eller mindre i programmet"] == [
        pct(stats["year_end"]["share_within_12_months"])]
    bins = page.rows("fig-year-end", table=1)
    assert sum(int(v[0]) for v in bins.values()) == 280
    assert int(bins["> 24 måneder"][0]) == stats["year_end"]["over_24_months"]
    assert int(bins["≤ 6 måneder"][0]) + int(bins["> 6 ≤ 12 måneder"][0]) == round(
        stats["year_end"]["share_within_12_months"] * 280)
    inc = page.rows("fig-incentive")
    assert inc["Tidligere deltakere i arbeid"] == ["84"]
    assert inc["Kvinner"] == ["38"] and inc["Menn"] == ["46"]
    assert inc["I arbeid i ett år eller mer"] == ["43"]
    industries = page.rows("fig-incentive", table=1)
    assert industries["Renhold"] == ["14"] and industries["Lager/verksted"] == ["15"]
    nav = page.rows("fig-nav", part="foot")
    assert nav["I alt"] == ["133"] and nav["Kvinner"] == ["99"] and nav["Menn"] == ["34"]
    assert len(page.rows("fig-nav")) == 7


# -- languages and knowledge time ----------------------------------------------------------

def test_bokmal_by_default(page):
    assert page.lang == "nb"
    text = page.visible
    for words in ("Deltakere og prosjekter", "Måloppnåelse", "Kvinnene i Ny sjanse",
                  "Kvalifiseringsprogram og samarbeid med NAV", "Incentivordningen 2008",
                  "Årsaker til avbrutt deltakelse"):
        assert words in text
    assert "Alt som er registrert" in text and "Slik det var kjent" not in text


def test_english_with_known_at(page_en):
    assert page_en.lang == "en"
    text = page_en.visible
    assert "Participants and projects" in text and "Goal attainment" in text
    assert "Deltakere og prosjekter" not in text
    assert f"As known at {KNOWN_AT}" in text
    assert page_en.figures["fig-3-1"]["caption"].startswith("Figure 3.1. The 692 participants")
    rows = page_en.rows("fig-4-1")
    assert rows["Total"][:3] == ["279", "119", "42.7%"]  # CLDR: English writes no space
    assert page_en.rows("fig-3-5")["The participant completed Ny sjanse"][1] == "16.7"
    assert page_en.rows("fig-3-2")["Somalia"][1] == "29.3%"


def test_known_at_shows_what_was_known_then(store, out):
    from projections.queries import stats as query
    from report import write_report
    path = out / "midyear.html"
    write_report(store, 2008, path, known_at=MIDYEAR)
    page = Page(path.read_text(encoding="utf-8"))
    then = query(store, 2008, known_at=MIDYEAR)
    assert then["participants"] < 692  # the year was not over
    assert f"Slik det var kjent {MIDYEAR}" in page.visible
    assert page.keys["participants"] == nb(then["participants"])
    assert page.rows("fig-3-3", part="foot")["I alt"][0] == nb(then["exits"])
    assert page.rows("fig-4-1")["I alt"][0] == nb(then["goal_base"])


def test_a_year_without_participants_still_renders(store, out):
    from report import write_report
    path = out / "empty.html"
    write_report(store, 1999, path, lang="en")
    page = Page(path.read_text(encoding="utf-8"))
    for fig in FIGURES:
        assert page.figures[fig]["svg"] and page.figures[fig]["tables"]
    assert page.keys["participants"] == "0"
    assert "No participants in 1999." in page.visible


def test_refuses_bad_language_and_knowledge_time(store, out):
    from report import write_report
    with pytest.raises(ValueError):
        write_report(store, 2008, out / "x.html", lang="sv")
    with pytest.raises(ValueError):
        write_report(store, 2008, out / "x.html", known_at="yesterday")
    assert not (out / "x.html").exists()


def test_names_are_escaped(tmp_path):
    """Project names are caseworkers' text: never markup in the page or mathtext in a chart."""
    from store.application import Programme
    from report import build_report
    from tests.conftest import intake
    db = str(tmp_path / "odd.db")
    Programme(db, "kari").record(intake("p1", "2008-03-01", project='<b>A&B</b> $x^2$ "q"'))
    html = build_report(db, 2008)
    assert "<b>A&B</b>" not in html
    assert "&lt;b&gt;A&amp;B&lt;/b&gt; $x^2$" in html
    assert Page(html).rows("fig-5-1")['<b>A&B</b> $x^2$ "q"'][-1] == "100,0\u00a0%"


# -- a real browser ----------------------------------------------------------------------------

def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


def test_renders_in_headless_chromium(report_nb, tmp_path):
    browser = chromium()
    if browser is None:
        message = "headless Chromium (Debian package `chromium`) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must render the report in a real browser")
        pytest.skip(message)
    png = tmp_path / "report.png"
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}",
         "--window-size=1200,3000", f"file://{os.path.abspath(report_nb)}"],
        capture_output=True, text=True, timeout=90)
    assert png.exists(), f"no screenshot; chromium said: {done.stderr[-2000:]}"

    import numpy as np
    from matplotlib.image import imread
    pixels = imread(str(png))
    assert pixels.shape[:2] == (3000, 1200)
    rgb = np.round(pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3)
    colours = {tuple(c) for c in np.unique(rgb, axis=0)}
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    white = np.all(rgb > 245, axis=1).mean()
    assert 0.3 < white < 0.97, f"{white:.0%} of the page is white"
    # the charts drew: figure 3.1's bars in the 2007 colour, which only charts use
    bars = np.all(rgb == (0x2C, 0x5D, 0x80), axis=1).sum()
    assert bars > 2000, f"only {bars} pixels of figure 3.1's bars"


def test_cohorts_query(store, stats):
    from report import cohorts
    found = cohorts(store, 2008)
    assert found["year"] == 2008
    assert {p: sum(ys.values()) for p, ys in found["projects"].items()} == {
        p: v["participants"] for p, v in stats["projects"].items()}
    assert sum(ys.get("2008", 0) for ys in found["projects"].values()) == stats["new"]
    then = cohorts(store, 2008, known_at=MIDYEAR)
    assert sum(sum(ys.values()) for ys in then["projects"].values()) < 692


# -- axis ticks: read from the SVG, each label its tick's value ---------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
COUNTS = ("fig-3-1", "fig-3-2", "fig-3-4", "fig-year-end", "fig-4-2", "fig-4-4", "fig-incentive",
          "fig-nav")
MONTHS = ("fig-3-5", "fig-4-3", "fig-4-5")
PERCENTS = ("fig-4-1", "fig-4-6", "fig-5-1")


def svg_ticks(svg: str) -> dict[str, list[tuple[float, str]]]:
    """The tick labels of a chart as drawn: {"x": [(x, label)], "y": [(y, label)]}."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(svg)
    found: dict[str, list[tuple[float, str]]] = {"x": [], "y": []}
    for group in root.iter(f"{SVG_NS}g"):
        kind = group.get("class")
        if kind in ("xtick", "ytick"):
            label = next(group.iter(f"{SVG_NS}text"), None)
            if label is not None:
                axis = kind[0]
                found[axis].append((float(label.get(axis)), label.text or ""))
    return found


# The percent sign as CLDR writes it after a number, by language (i18n/cldr.json).
PERCENT_SIGN = {"nb": "\u00a0%", "en": "%"}


def tick_value(label: str, lang: str) -> float:
    text = label.removesuffix(PERCENT_SIGN[lang])
    assert lang == "nb" or "\xa0" not in text, label  # English groups with "," and has no space
    text = text.replace("\u00a0", "").replace(",", ".") if lang == "nb" else text.replace(",", "")
    return float(text)


def check_value_axis(ticks: list[tuple[float, str]], lang: str, whole: bool, unit: str = ""):
    """At least two ticks; every label a number (with the unit); the labels' values an affine
    function of the ticks' positions (a label rounded away from its tick breaks this); whole
    numbers when the axis counts people."""
    assert len(ticks) >= 2, ticks
    assert all(label.endswith(unit) for _, label in ticks), ticks
    values = [tick_value(label, lang) for _, label in ticks]
    (p0, v0), (p1, v1) = (ticks[0][0], values[0]), (ticks[1][0], values[1])
    assert v1 != v0 and p1 != p0, ticks
    scale = (p1 - p0) / (v1 - v0)
    for (p, _), v in zip(ticks, values):
        assert abs(p0 + (v - v0) * scale - p) < 0.01 * abs(p1 - p0), f"label {v} off its tick: {ticks}"
    if whole:
        assert all(v == int(v) for v in values), ticks


def figure_svgs(html: str) -> dict[str, str]:
    return {m[1]: m[2] for m in re.finditer(
        r'<figure id="([^"]+)".*?(<svg\b.*?</svg>)', html, re.S)}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_value_axis_is_labelled_with_its_values(store, lang):
    """Figure 4.3 had ticks 2.5 apart labelled `0 2 5 8 10`: read every chart's tick labels."""
    from report import build_report
    svgs = figure_svgs(build_report(store, 2008, lang=lang))
    assert set(svgs) == set(FIGURES)
    for fig in (*COUNTS, *MONTHS, *PERCENTS):
        ticks = svg_ticks(svgs[fig])
        axis = "y" if fig == "fig-year-end" else "x"
        check_value_axis(ticks[axis], lang, whole=fig in COUNTS,
                         unit=PERCENT_SIGN[lang] if fig in PERCENTS else "")
    assert svg_ticks(svgs["fig-3-3"]) == {"x": [], "y": []}  # the donut has no axes
    shares = re.findall(r"(\d+(?:\xa0)?%)", svgs["fig-3-3"])  # each wedge's share, CLDR's way
    assert shares and all(re.fullmatch(r"\d+" + PERCENT_SIGN[lang], s) for s in shares), shares


@pytest.mark.parametrize("top", [0.3, 1, 2, 3, 7, 8.7, 13, 22.4, 250, 1234.5])
def test_value_axes_of_every_chart_at_any_scale(top):
    from report import charts as ch
    from report.labels import text
    for lang in ("nb", "en"):
        w = text(lang)
        count = max(1, round(top))
        drawn = {
            "barh": (ch.barh(w, "a", "a", ["x", "y"], [count, count // 2], w.integer), "x", True),
            "months": (ch.barh(w, "b", "b", ["x", "y"], [top, top / 3], w.decimal,
                               scale=ch.NUMBER), "x", False),
            "stacked": (ch.stacked_barh(w, "c", "c", ["x"], [("s", [count], ch.BLUE),
                                                             ("t", [count // 3], ch.RED)]),
                        "x", True),
            "grouped": (ch.grouped_barh(w, "d", "d", ["g", "h"],
                                        [("F", [top, top / 2], ch.WOMEN),
                                         ("M", [top / 4, None], ch.MEN)]), "x", False),
            "columns": (ch.columns(w, "e", "e", ["a", "b", "c"], [count, 0, count // 2],
                                   [ch.SKY] * 3), "y", True),
        }
        for name, (svg, axis, whole) in drawn.items():
            check_value_axis(svg_ticks(svg)[axis], lang, whole)
        share = ch.share_barh(w, "f", "f", ["x"], [[1], [2]], ["a", "b"], [ch.TEAL, ch.PALE])
        check_value_axis(svg_ticks(share)["x"], lang, whole=False, unit=PERCENT_SIGN[lang])


# -- writing the file: one plain sentence when it cannot be written, nothing left behind ----------

def report_cli(*args):
    from click.testing import CliRunner

    from cli import cli
    return CliRunner().invoke(cli, ["report", "2008", *args], catch_exceptions=False)


def test_write_failures_are_one_sentence_and_leave_nothing(store, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = [
        (str(tmp_path / "missing" / "dir" / "r.html"),
         f"folder {tmp_path}/missing/dir does not exist"),
        (str(a_file / "r.html"), f"{a_file} is a file, not a folder"),
        (str(a_file / "sub" / "r.html"), f"{a_file} is a file, not a folder"),
        (str(folder), "it is a folder"),
    ]
    for output, why in cases:
        result = report_cli("--db", store, "-o", output)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1, "", f"error: cannot write {output}: {why}\n")
    result = report_cli("--db", store, "-o", f"{folder}/")
    assert result.stderr == f"error: cannot write {folder}/: it is a folder\n"
    result = report_cli("--db", store, "-o", f"{tmp_path}/new/")
    assert result.stderr == f"error: cannot write '{tmp_path}/new/': it names no file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "folder"]
    assert not list(folder.iterdir()) and a_file.read_text() == "x"


def test_a_failed_write_or_build_leaves_no_file(store, tmp_path, monkeypatch):
    import errno

    import report.build as build
    from report import WriteFailed, write_report
    with pytest.raises(ValueError):
        write_report(store, 2008, tmp_path / "r.html", known_at="yesterday")
    assert not list(tmp_path.iterdir())

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device", "x.tmp")
    monkeypatch.setattr(build.os, "replace", full)
    with pytest.raises(WriteFailed, match=r"^cannot write .*/r\.html: the disk is full$"):
        write_report(store, 2008, tmp_path / "r.html")
    assert not list(tmp_path.iterdir())


def test_a_folder_without_write_permission_is_one_sentence(tmp_path):
    """As an unprivileged user (root writes anywhere): a store it may use, a folder it may not."""
    import tempfile

    from store.application import Programme
    from tests.conftest import intake
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: no unprivileged user to test with")
    base = tempfile.mkdtemp()  # not under pytest's private tmp_path: the user must reach it
    try:
        os.chmod(base, 0o755)
        shared, closed = os.path.join(base, "store"), os.path.join(base, "closed")
        os.mkdir(shared)
        os.mkdir(closed)
        os.chmod(shared, 0o777)
        os.chmod(closed, 0o555)
        db = os.path.join(shared, "s.db")
        Programme(db, "kari").record(intake("p1", "2008-03-01"))
        os.chmod(db, 0o666)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        who = (["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
               if os.geteuid() == 0 else [])
        if who and subprocess.run([*who, sys.executable, "-c", "import click"],
                                  capture_output=True, cwd=base).returncode:
            # e.g. an interpreter under root's 0700 home: the other user cannot run nysjanse at all
            pytest.skip("the unprivileged user cannot import this interpreter's packages")
        output = os.path.join(closed, "r.html")
        # The other user needs the store's key: a copy it may read (the default is root's)
        from store import keys
        shutil.copy(keys.default_path(), os.path.join(base, "store.key"))
        os.chmod(os.path.join(base, "store.key"), 0o644)
        done = subprocess.run(
            [*who, sys.executable, "-c", "import cli; cli.main()", "report", "2008", "--db", db,
             "-o", output],
            capture_output=True, text=True, cwd=base,
            env={**os.environ, "PYTHONPATH": root, "HOME": base,
                 "NYSJANSE_KEY_FILE": os.path.join(base, "store.key")})
        assert (done.returncode, done.stdout, done.stderr) == (
            1, "", f"error: cannot write {output}: no permission to write in folder {closed}\n")
        assert os.listdir(closed) == []
    finally:
        shutil.rmtree(base)


def test_sections_are_numbered_without_gaps(html):
    numbers = re.findall(r'<h[23] id="[^"]+"><span class="sec-num">([0-9.]+)</span>', html)
    chapters = [n for n in numbers if "." not in n]
    assert chapters == [str(c) for c in range(int(chapters[0]), int(chapters[0]) + len(chapters))]
    for chapter in chapters:
        sections = [n for n in numbers if n.startswith(chapter + ".")]
        assert sections == [f"{chapter}.{i}" for i in range(1, len(sections) + 1)], sections


def test_month_bins_do_not_overlap_at_their_edges(html):
    from domain.groups import YEAR_END_BINS
    from report.build import bin_label
    labels = [bin_label(low, high) for low, high in YEAR_END_BINS]
    for (low, high), label in zip(YEAR_END_BINS, labels):
        assert (str(high) in label if low == 0 else f"> {low}" in label)
    assert not any("–" in label for label in labels)
    from html import unescape
    assert all(f"{label} måneder" in unescape(html) for label in labels)


def screenshot(browser: str, page: pathlib.Path, png: pathlib.Path, size: str) -> None:
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={png.parent / 'profile'}", f"--screenshot={png}",
         f"--window-size={size}", f"file://{page}"],
        capture_output=True, text=True, timeout=90)
    assert png.exists(), f"no screenshot; chromium said: {done.stderr[-2000:]}"


def test_one_chart_per_language_in_headless_chromium(store, tmp_path):
    """Figure 3.2 (countries) drawn by a browser in bokmål and in English: the same bars (the
    same data), labels of each language (the pictures differ)."""
    browser = chromium()
    if browser is None:
        pytest.skip("headless Chromium (Debian package `chromium`) is not installed")
    import numpy as np
    from matplotlib.image import imread
    from report import build_report
    navy = {}
    pictures = {}
    for lang in ("nb", "en"):
        svg = figure_svgs(build_report(store, 2008, lang=lang))["fig-3-2"]
        assert ("Irak" if lang == "nb" else "Iraq") in svg
        page = tmp_path / f"chart-{lang}.html"
        page.write_text(f'<!DOCTYPE html><html lang="{lang}"><body style="margin:0;'
                        f'background:#fff">{svg}</body></html>', encoding="utf-8")
        png = tmp_path / lang / "chart.png"
        png.parent.mkdir()
        screenshot(browser, page, png, "900,700")
        rgb = np.round(imread(str(png))[..., :3] * 255).astype(np.uint8).reshape(-1, 3)
        assert len({tuple(c) for c in np.unique(rgb, axis=0)}) > 20, f"{lang}: blank chart"
        navy[lang] = int(np.all(rgb == (0x1D, 0x35, 0x57), axis=1).sum())  # charts.NAVY
        pictures[lang] = rgb
    # the same bars; the axes move a little with the width of the labels
    assert navy["nb"] > 1000 and abs(navy["nb"] - navy["en"]) <= 0.1 * navy["nb"], navy
    assert (pictures["nb"] != pictures["en"]).any()  # the labels differ
