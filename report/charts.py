"""The report's charts: matplotlib figures rendered to inline SVG (text kept as text).

No pyplot and no global state: each chart is its own `Figure` on an Agg canvas, styled by a
local `rc_context`, saved as SVG and cleaned for inlining (no XML prologue, no metadata with
external addresses, element ids only where referenced, and those prefixed per chart so several
charts can share one HTML page).
"""
from __future__ import annotations

import io
import re
import warnings
from html import escape

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from domain.unsafe import escape as shown
from domain.unsafe import escaped

from .labels import Words

# The palette: one colour per meaning, the same in every chart and in the page's CSS.
NAVY = "#1d3557"
BLUE = "#457b9d"
SKY = "#a8c5da"
TEAL = "#2a9d8f"
RED = "#c8553d"
ROSE = "#e29578"
SAND = "#e9c46a"
GREY = "#8d99ae"
PALE = "#d9dee5"
PLUM = "#8f4a78"
INK = "#22303c"
MUTED = "#5c6b78"

WOMEN, MEN, ALL = PLUM, BLUE, NAVY
YEARS = ("#d6e4ef", "#a8c5da", "#6f9fc1", "#457b9d", "#2c5d80", "#1d3557")  # old -> new

STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "nysjanse-report",
    "text.parse_math": False,  # a "$" in a project name is text, not mathtext
    "axes.formatter.use_mathtext": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 9,
    "text.color": INK,
    "axes.labelcolor": MUTED,
    "axes.edgecolor": PALE,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    "grid.color": "#e8ecf0",
    "grid.linewidth": 0.8,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
}

# Inches at 72 SVG units each: drawn for the page's columns at 1:1 on a wide screen (a chart
# beside its table, or a wide chart above it), scaled by the browser elsewhere.
WIDTH = 6.2
WIDE = 7.6


def _figure(height: float, width: float = WIDTH) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


_XML_HEAD = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SIZE = re.compile(r'\s(width|height)="[^"]*"')
_ID = re.compile(r'\sid="([^"]*)"')
_REF = re.compile(r'url\(#([^)]+)\)|href="#([^"]+)"')


def to_svg(fig: Figure, prefix: str, label: str) -> str:
    """The figure as an `<svg>` element ready to inline in HTML."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = _XML_HEAD.sub("", buf.getvalue(), count=1)
    svg = _METADATA.sub("", svg)
    head, rest = svg.split(">", 1)
    head = _SIZE.sub("", head)
    head += f' class="chart" role="img" aria-label="{escape(shown(label))}"'
    svg = head + ">" + rest
    referenced = {a or b for a, b in _REF.findall(svg)}
    svg = _ID.sub(lambda m: _keep_id(m[1], prefix, referenced), svg)
    svg = _REF.sub(lambda m: (f"url(#{prefix}-{m[1]})" if m[1] else f'href="#{prefix}-{m[2]}"'),
                   svg)
    return svg.strip()


_TICK = re.compile(r"([xy]tick)_\d+")


def _keep_id(name: str, prefix: str, referenced: set) -> str:
    """A referenced id, prefixed; a tick's group marked `class="xtick"` (or ytick), so its
    label can be found in the page; any other id dropped."""
    if name in referenced:
        return f' id="{prefix}-{name}"'
    tick = _TICK.fullmatch(name)
    return f' class="{tick[1]}"' if tick else ""


def _render(draw, height: float, prefix: str, label: str, w: Words, *args, wide: bool = False,
            **kwargs) -> str:
    """Draw a chart; every text handed to it (labels, names) is drawn with the characters
    `domain.unsafe` names escaped, as the page's own text is."""
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        # The SVG keeps text as text for the browser's fonts; DejaVu Sans, which only measures
        # it here, lacking a glyph (Chinese, say) is no news for the person running the report.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        fig = _figure(height, WIDE if wide else WIDTH)
        draw(fig, w, *escaped(args), **kwargs)
        return to_svg(fig, prefix, label)


def _rows_height(n: int, per_row: float = 0.26, extra: float = 0.9) -> float:
    return max(1.8, extra + per_row * max(n, 1))


# What a value axis measures: counts of people (whole-number ticks), other numbers (months),
# or percentages (0-100, ticks with the sign).
COUNT, NUMBER, PERCENT = "count", "number", "percent"


def value_axis(ax, w: Words, scale: str = COUNT, axis: str = "x") -> None:
    """The one way every chart ticks and labels its value axis: ticks 1, 2 or 5 times a power
    of ten apart (whole numbers for counts), each labelled with exactly its value."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 5, 10], integer=scale == COUNT))
    target.set_major_formatter(TickLabels(w, percent=scale == PERCENT))
    ax.grid(axis=axis, zorder=0)
    ax.set_axisbelow(True)


class TickLabels(Formatter):
    """Tick values as the report's language writes numbers, with as many decimals as the ticks
    of the axis need (never rounded: 2.5 is `2,5`, not `2`); a percent axis's (values 0-100)
    in the language's percent pattern (CLDR: `50 %` in bokmål, `50%` in English)."""

    def __init__(self, w: Words, percent: bool = False):
        self.w, self.percent, self.places = w, percent, 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.places = max((_places(v) for v in locs), default=0)

    def __call__(self, x, pos=None) -> str:
        if abs(x) < 1e-9:
            x = 0.0  # no "-0" from floating-point noise
        if self.percent:
            return self.w.pct(x / 100, self.places)
        return self.w.decimal(x, self.places)


def _places(value: float, most: int = 3) -> int:
    """The fewest decimals that write `value` exactly (up to `most`)."""
    for places in range(most + 1):
        if abs(round(value, places) - value) <= 1e-9 * max(1.0, abs(value)):
            return places
    return most


def _empty(ax, w: Words) -> None:
    ax.text(0.5, 0.5, "–", ha="center", va="center", transform=ax.transAxes, color=MUTED,
            fontsize=14)
    ax.set_xticks([])
    ax.set_yticks([])


# -- horizontal bars ---------------------------------------------------------------------------

def _draw_barh(fig, w: Words, labels, values, colors, fmt, xlabel, xmax=None, scale=COUNT,
               reference=None):
    ax = fig.add_subplot()
    if not labels:
        _empty(ax, w)
        return
    y = list(range(len(labels)))[::-1]
    ax.barh(y, values, color=colors, height=0.68, zorder=2)
    ax.set_yticks(y, labels)
    top = xmax if xmax is not None else max([v for v in values if v is not None] + [1]) * 1.14
    ax.set_xlim(0, top)
    for yi, v in zip(y, values):
        ax.text(v + top * 0.008, yi, fmt(v), va="center", ha="left", fontsize=8, color=INK)
    value_axis(ax, w, scale)
    if reference is not None:
        value, text = reference
        ax.axvline(value, color=RED, lw=1, ls=(0, (4, 3)), zorder=3)
        ax.text(value, y[0] + 0.75, text, ha="center", va="bottom", fontsize=8, color=RED)
        ax.set_ylim(-0.6, len(labels) - 0.1)
    ax.set_xlabel(xlabel)
    ax.spines["left"].set_visible(False)


def barh(w: Words, prefix: str, label: str, labels: list[str], values: list[float],
         fmt, xlabel: str = "", colors=None, xmax=None, scale: str = COUNT,
         reference=None) -> str:
    colors = colors or [BLUE] * len(values)
    return _render(_draw_barh, _rows_height(len(labels), extra=1.0 if reference else 0.8),
                   prefix, label, w, labels, values, colors, fmt, xlabel, xmax, scale, reference)


def _legend_cols(names: list[str], width: float) -> int:
    """As many legend columns as fit on one line, roughly (9 pt text is about 0.075 in a char)."""
    need = sum(0.075 * len(n) + 0.45 for n in names)
    return len(names) if need < width * 0.9 else max(1, min(len(names), 2))


def _draw_stacked(fig, w: Words, labels, series, xlabel, totals, legend_cols):
    ax = fig.add_subplot()
    if not labels:
        _empty(ax, w)
        return
    y = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    for name, values, color in series:
        ax.barh(y, values, left=left, color=color, height=0.7, label=name, zorder=2,
                edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(y, labels)
    top = max(left + [1]) * 1.1
    ax.set_xlim(0, top)
    if totals:
        for yi, v in zip(y, left):
            ax.text(v + top * 0.008, yi, w.integer(int(v)), va="center", ha="left", fontsize=8,
                    color=INK)
    value_axis(ax, w, COUNT)
    ax.set_xlabel(xlabel)
    ax.spines["left"].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=legend_cols,
              handlelength=1.2, columnspacing=1.2)


def stacked_barh(w: Words, prefix: str, label: str, labels: list[str],
                 series: list[tuple[str, list[float], str]], xlabel: str = "",
                 totals: bool = True, wide: bool = False) -> str:
    cols = _legend_cols([s[0] for s in series], WIDE if wide else WIDTH)
    extra = 1.25 if cols == len(series) else 1.5
    return _render(_draw_stacked, _rows_height(len(labels), extra=extra), prefix, label, w,
                   labels, series, xlabel, totals, cols, wide=wide)


def _draw_share(fig, w: Words, labels, parts, names, colors):
    """100 % bars: each row split into parts, the count written inside each part."""
    ax = fig.add_subplot()
    if not labels:
        _empty(ax, w)
        return
    y = list(range(len(labels)))[::-1]
    totals = [sum(p) for p in zip(*parts)]
    left = [0.0] * len(labels)
    for values, name, color in zip(parts, names, colors):
        shares = [100 * v / t if t else 0 for v, t in zip(values, totals)]
        ax.barh(y, shares, left=left, color=color, height=0.7, label=name, zorder=2,
                edgecolor="white", linewidth=0.6)
        for yi, l, s, v in zip(y, left, shares, values):
            if v and s >= 6:
                ax.text(l + s / 2, yi, w.integer(v), ha="center", va="center", fontsize=8,
                        color="white" if color in (TEAL, NAVY, PLUM, BLUE, RED) else INK)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    value_axis(ax, w, PERCENT)
    ax.spines["left"].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(names), handlelength=1.2)


def share_barh(w: Words, prefix: str, label: str, labels: list[str], parts: list[list[int]],
               names: list[str], colors: list[str], wide: bool = False) -> str:
    return _render(_draw_share, _rows_height(len(labels), per_row=0.3, extra=1.1), prefix,
                   label, w, labels, parts, names, colors, wide=wide)


# -- grouped bars (months) -----------------------------------------------------------------

def _draw_grouped(fig, w: Words, groups, series, xlabel):
    ax = fig.add_subplot()
    if not groups:
        _empty(ax, w)
        return
    n = len(series)
    height = 0.8 / n
    base = list(range(len(groups)))[::-1]
    top = max([v for _, values, _ in series for v in values if v is not None] + [1]) * 1.15
    for k, (name, values, color) in enumerate(series):
        ys = [b + 0.4 - height * (k + 0.5) for b in base]
        ax.barh(ys, [v or 0 for v in values], height=height * 0.92, color=color, label=name,
                zorder=2)
        for yi, v in zip(ys, values):
            ax.text((v or 0) + top * 0.008, yi, w.decimal(v), va="center", ha="left",
                    fontsize=7.5, color=INK)
    ax.set_yticks(base, groups)
    ax.set_xlim(0, top)
    value_axis(ax, w, NUMBER)
    ax.set_xlabel(xlabel)
    ax.spines["left"].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=n, handlelength=1.2)


def grouped_barh(w: Words, prefix: str, label: str, groups: list[str],
                 series: list[tuple[str, list[float | None], str]], xlabel: str = "") -> str:
    height = max(2.0, 1.0 + len(groups) * (0.16 * len(series) + 0.18))
    return _render(_draw_grouped, height, prefix, label, w, groups, series, xlabel)


# -- pie (figure 3.3) ------------------------------------------------------------------------

def _draw_donut(fig, w: Words, names, values, colors, centre):
    ax = fig.add_subplot()
    total = sum(values)
    if not total:
        _empty(ax, w)
        return
    wedges, _ = ax.pie(values, colors=colors, startangle=90, counterclock=False,
                       wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 1.5})
    import math
    for wedge, v in zip(wedges, values):
        if not v:
            continue
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        r = 0.79
        ax.text(r * math.cos(angle), r * math.sin(angle), f"{w.integer(v)}\n{w.pct(v / total, 0)}",
                ha="center", va="center", fontsize=8, color="white", fontweight="bold",
                linespacing=1.1)
    ax.text(0, 0, centre, ha="center", va="center", fontsize=11, color=INK, fontweight="bold")
    ax.set_aspect("equal")
    fig.legend(wedges, names, loc="outside right center", handlelength=1.2)


def donut(w: Words, prefix: str, label: str, names: list[str], values: list[int],
          colors: list[str], centre: str) -> str:
    return _render(_draw_donut, 2.9, prefix, label, w, names, values, colors, centre)


# -- vertical bars (year-end distribution) ----------------------------------------------------

def _draw_columns(fig, w: Words, labels, values, colors, xlabel):
    ax = fig.add_subplot()
    if not any(values):
        _empty(ax, w)
        return
    x = list(range(len(labels)))
    ax.bar(x, values, color=colors, width=0.7, zorder=2)
    top = max(values) * 1.15
    ax.set_ylim(0, top)
    for xi, v in zip(x, values):
        ax.text(xi, v + top * 0.01, w.integer(v), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, labels)
    value_axis(ax, w, COUNT, "y")
    ax.set_xlabel(xlabel)


def columns(w: Words, prefix: str, label: str, labels: list[str], values: list[int],
            colors: list[str], xlabel: str = "") -> str:
    return _render(_draw_columns, 2.6, prefix, label, w, labels, values, colors, xlabel)
