"""Site: the timeline strip under an entity's picture — its dated statements on a time axis.

One row per dated thing: a property dated by its value (inception, date of death: every
statement giving that property's date on one row, so dates that differ sit side by side),
or one statement dated by its qualifiers (start and end time: one row, a line between
them). A mark spans what its date's precision allows — a day is a dot, a year a bar a
year long, a decade a decade — and links to its statement on the page, its date written
per precision in its `<title>` (numbers.py, as everywhere on the site). Rows run from the
earliest date; past MAX_ROWS, "K more" links to the statements. The geometry is computed
here; the markup is templates/strip.svg.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from svg_rdf.model import Entity, TimeValue
from svg_rdf.site.data import SiteData, statement_id
from svg_rdf.site.dated import Dated, dated_statements
from svg_rdf.site.drawing import Line, More, Text, num, shorten
from svg_rdf.site.markup import render
from svg_rdf.site.numbers import date_order, date_span, date_text

WIDTH = 400
MAX_ROWS = 10
LABEL_SIZE = 12
AXIS_START = 170  # x where time starts; row labels stand left of it
AXIS_END = WIDTH - 16  # room for the last year's label
ROW = 22
MARK = 12  # a mark's height
MIN_MARK = 5  # the narrowest mark, for a day or a month


@dataclass(frozen=True)
class Row:
    label: str  # "inception" or "conflict: Battle of Wuhan"
    dates: tuple[Dated, ...]  # in time order
    span: bool  # one statement's dates: drawn joined by a line


def strip_rows(data: SiteData, entity: Entity) -> list[Row]:
    """The entity's dated things, earliest first."""
    rows: dict[tuple[str, str], list[Dated]] = defaultdict(list)
    for dated in dated_statements(data.outgoing.get(entity.slug, [])):
        if dated.via is None:
            rows[("value", dated.claim.pid)].append(dated)
        else:
            rows[("statement", statement_id(dated.claim))].append(dated)
    out = []
    for (kind, _), found in rows.items():
        found.sort(key=lambda d: (date_order(d.date), d.date, statement_id(d.claim)))
        claim = found[0].claim
        label = data.property_label(claim.pid)
        if kind == "statement":
            label = f"{label}: {data.value_text(claim.value)}"
        out.append(Row(label, tuple(found), kind == "statement"))
    out.sort(key=lambda r: (date_order(r.dates[0].date), r.label.casefold(), r.label))
    return out


def interval(date: TimeValue) -> tuple[float, float]:
    """The stretch of time a date stands for, in years (1938 at precision 9: 1938-1939)."""
    if date.precision >= 11:
        start = date.year + (date.month - 1) / 12 + (date.day - 1) / 372
        return start, start + 1 / 372
    if date.precision == 10:
        start = date.year + (date.month - 1) / 12
        return start, start + 1 / 12
    first, last = date_span(date)
    return float(first), float(last + 1)


def axis(rows: list[Row]) -> tuple[int, int, int]:
    """The axis' first and last year (whole years, at least three) and its tick step."""
    spans = [interval(d.date) for row in rows for d in row.dates]
    first = int(min(s for s, _ in spans) // 1)
    last = int(-(-max(e for _, e in spans) // 1))
    while last - first < 3:
        first, last = first - 1, last + 1
    step = next(s for s in _steps() if (last - first) / s <= 6)
    return first, last, step


def _steps() -> list[int]:
    return [m * 10**e for e in range(0, 10) for m in (1, 2, 5)]


@dataclass(frozen=True)
class Mark:
    """A date's mark: a rectangle as wide as its precision, a link to its statement."""

    kind: ClassVar[str] = "mark"
    href: str
    title: str
    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class Tick:
    x: str
    year: int


@dataclass(frozen=True)
class StripSvg:
    """The strip's drawing (templates/strip.svg)."""

    width: str
    height: str
    title: str
    description: str
    shapes: tuple[Text | Line | Mark | More, ...]  # rows, in the order drawn
    axis_start: str
    axis_end: str
    axis_y: str
    tick_end: str
    year_y: str
    ticks: tuple[Tick, ...]


def strip_svg(data: SiteData, entity: Entity) -> str:
    """The strip as an inline `<svg>`; empty when the entity has no dated statement."""
    view = strip_view(data, entity)
    return "" if view is None else render("strip.svg", svg=view).removesuffix("\n")


def strip_view(data: SiteData, entity: Entity) -> StripSvg | None:
    """The strip's geometry; None when the entity has no dated statement."""
    rows = strip_rows(data, entity)
    if not rows:
        return None
    first, last, step = axis(rows)

    def x(year: float) -> float:
        return AXIS_START + (year - first) / (last - first) * (AXIS_END - AXIS_START)

    shown = rows[:MAX_ROWS]
    body: list[Text | Line | Mark | More] = []
    y = 4.0
    for row in shown:
        label = shorten(row.label, AXIS_START - 8, LABEL_SIZE)
        body.append(Text("row", "0", num(y + 13), label, row.label))
        if row.span and len(row.dates) > 1:
            left, right = _mark(row.dates[0].date, x), _mark(row.dates[-1].date, x)
            middle = num(y + ROW / 2 - 2)
            body.append(Line("span", num(left[0]), middle, num(right[0] + right[1]), middle))
        for dated in row.dates:
            body.append(_mark_view(data, row, dated, x, y))
        y += ROW
    if len(rows) > len(shown):
        rest = len(rows) - len(shown)
        title = f"{rest} more dated: the statements on this page"
        body.append(More("#statements", title, "0", num(y + 13), f"{rest} more"))
        y += ROW
    axis_y = y + 4
    ticks = []
    year = -(-first // step) * step
    while year <= last:
        ticks.append(Tick(num(x(year)), year))
        year += step
    dates = [d for row in rows for d in row.dates]
    earliest = min(dates, key=lambda d: (date_order(d.date), d.date)).date
    latest = max(dates, key=lambda d: (date_order(d.date), d.date)).date
    count = len({statement_id(d.claim) for d in dates})
    description = (
        f"{count} dated {'statement' if count == 1 else 'statements'} of {entity.label}, "
        f"from {date_text(earliest)} to {date_text(latest)}, on a time axis: one row per "
        "property dated by its value or statement dated by its qualifiers; a mark is as wide "
        "as its date is precise (a year, a month, a day) and links to its statement."
    )
    return StripSvg(
        str(WIDTH),
        num(axis_y + 24),
        f"Dates of {entity.label}",
        description,
        tuple(body),
        str(AXIS_START),
        str(AXIS_END),
        num(axis_y),
        num(axis_y + 5),
        num(axis_y + 18),
        tuple(ticks),
    )


def _mark(date: TimeValue, x: Callable[[float], float]) -> tuple[float, float]:
    """A date's mark: its left edge and width (marks link to statements on this page)."""
    start, end = interval(date)
    left, right = x(start), x(end)
    if right - left < MIN_MARK:
        centre = (left + right) / 2
        return centre - MIN_MARK / 2, float(MIN_MARK)
    return left, right - left


def _mark_view(
    data: SiteData, row: Row, dated: Dated, x: Callable[[float], float], y: float
) -> Mark:
    left, width = _mark(dated.date, x)
    via = f" ({data.property_label(dated.via)})" if dated.via else ""
    return Mark(
        f"#s-{statement_id(dated.claim)}",
        f"{row.label}: {date_text(dated.date)}{via}",
        num(left),
        num(y + (ROW - MARK) / 2 - 2),
        num(width),
        str(MARK),
    )
