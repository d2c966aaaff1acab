"""Site: the timeline — every dated statement laid out in time, grouped by year.

A statement is dated by its value (a time-valued property: inception, date of death,
point in time, publication date...) or by a time-valued qualifier (start time, end time,
point in time...); every one counts, whatever its property, so the page names nothing of
our own data. What is dated — the subject, the property, for a qualifier the statement's
value, and the statement's scope qualifiers (the conflicts report's) — is one entry. Where
the statements give that one thing different dates, the entry shows every date side by
side, each with its quotes, under the earliest date's year, and each later year points
to it.

Years run in order; a date coarser than a year (1930s, 20th century) heads its own group
before the years inside it. No JavaScript: headings, lists and links. This module computes
the page's view model; `templates/timeline.html` is its markup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from svg_rdf.graph.ids import content_hash
from svg_rdf.model import Evidence, TimeValue
from svg_rdf.site.data import SiteData, claim_order, pid_order, statement_id
from svg_rdf.site.dated import Dated, dated_statements
from svg_rdf.site.markup import render_block
from svg_rdf.site.numbers import date_order, date_span, date_text, grouped
from svg_rdf.site.views import (
    RANK_WORDS,
    DateView,
    Link,
    ReferenceView,
    ValueView,
    date_view,
    reference_view,
    value_view,
)


@dataclass(frozen=True)
class Entry:
    """A dated thing and the dates given for it, earliest first (one date: no dispute)."""

    key: str  # its anchor on the page
    dates: tuple[tuple[TimeValue, tuple[Dated, ...]], ...]

    @property
    def first(self) -> Dated:
        return self.dates[0][1][0]

    def only_precision_differs(self) -> bool:
        """Whether the earliest-sorted, coarsest date contains every other one."""
        coarse = min((date for date, _ in self.dates), key=lambda d: d.precision)
        return all(_contains(coarse, date) for date, _ in self.dates)


def _contains(coarse: TimeValue, fine: TimeValue) -> bool:
    """Whether `fine` falls within `coarse` (1938 holds 23 February 1938)."""
    if coarse.precision > fine.precision:
        return False
    if coarse.precision < 9:
        first, last = date_span(coarse)
        inner_first, inner_last = date_span(fine)
        return first <= inner_first and inner_last <= last
    fields = [(coarse.year, fine.year)]
    if coarse.precision >= 10:
        fields.append((coarse.month, fine.month))
    if coarse.precision >= 11:
        fields.append((coarse.day, fine.day))
    return all(a == b for a, b in fields)


def timeline_entries(data: SiteData) -> list[Entry]:
    """The dated things, each with its dates in time order; in no particular order."""
    claims = sorted(data.curation.claims, key=lambda c: (c.subject, claim_order(c)))
    things: dict[str, dict[tuple[str, ...], list[Dated]]] = defaultdict(lambda: defaultdict(list))
    for dated in dated_statements(claims):
        things[content_hash([repr(dated.thing())])][dated.date.key()].append(dated)
    entries = []
    for key in sorted(things):
        dates = sorted(things[key].values(), key=lambda ds: (date_order(ds[0].date), ds[0].date))
        entries.append(Entry(key, tuple((ds[0].date, tuple(ds)) for ds in dates)))
    return entries


def _group(date: TimeValue) -> tuple[tuple[int, int], str]:
    """The group a date is filed under: its sort key and heading (1937, 1930s...)."""
    first, _ = date_span(date)
    if date.precision >= 9:
        return (first, 9), str(date.year)
    return (first, date.precision), date_text(date)


def _entry_order(data: SiteData, date: TimeValue, entry: Entry) -> tuple[object, ...]:
    dated = entry.first
    return (
        date_order(date),
        data.label(dated.claim.subject).casefold(),
        dated.claim.subject,
        pid_order(dated.claim.pid),
        pid_order(dated.via or ""),
        entry.key,
    )


@dataclass(frozen=True)
class What:
    """What is dated: the subject (a link to the statement), the property, and for a date
    given by a qualifier the statement's value and the qualifier's label."""

    href: str
    subject: str
    property: str
    value: ValueView | None
    via: str


@dataclass(frozen=True)
class DatedView:
    """One date given for a thing: the statements giving it and their quotes."""

    date: DateView
    href: str  # the first statement giving it
    ranks: tuple[str, ...]  # rank words other than normal
    also: tuple[Link, ...]  # each statement, when several give it
    references: tuple[ReferenceView, ...]


@dataclass(frozen=True)
class Item:
    """An entry in a year's list: the thing with its dates (`pointer` False), or a
    pointer from a later year to it (`date`, `heading`: the year it is filed under)."""

    pointer: bool
    anchor: str
    what: What
    dates: tuple[DatedView, ...]
    differ: str
    date: DateView | None = None
    heading: str = ""


@dataclass(frozen=True)
class Year:
    id: str
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class TimelinePage:
    entries: str  # numbers, grouped
    statements: str
    differing: str
    coarser: str
    groups: tuple[Year, ...]


def timeline_page(data: SiteData) -> TimelinePage:
    """The view model of timeline.html."""
    entries = timeline_entries(data)
    groups: dict[tuple[int, int], tuple[str, list[tuple[TimeValue, Entry, bool]]]] = {}
    for entry in entries:
        seen: set[tuple[int, int]] = set()
        for index, (date, _) in enumerate(entry.dates):
            order, heading = _group(date)
            if order in seen:
                continue  # another date in a year the entry is filed under already
            seen.add(order)
            groups.setdefault(order, (heading, []))[1].append((date, entry, index == 0))
    differing = [e for e in entries if len(e.dates) > 1]
    coarser = sum(e.only_precision_differs() for e in differing)
    statements = len({statement_id(d.claim) for e in entries for _, ds in e.dates for d in ds})
    years = []
    for _, (heading, items) in sorted(groups.items()):
        ordered = sorted(items, key=lambda i: _entry_order(data, i[0], i[1]))
        years.append(
            Year(
                _group_id(heading),
                heading,
                tuple(
                    _item(data, entry) if home else _pointer(data, date, entry)
                    for date, entry, home in ordered
                ),
            )
        )
    return TimelinePage(
        grouped(str(len(entries))),
        grouped(str(statements)),
        grouped(str(len(differing))),
        grouped(str(coarser)),
        tuple(years),
    )


def timeline_body(data: SiteData) -> str:
    """The `<main>` content of timeline.html."""
    return render_block("timeline.html", "main", page=timeline_page(data)).removesuffix("\n")


def _group_id(heading: str) -> str:
    return "y-" + heading.replace(" ", "-")


def _what(data: SiteData, dated: Dated) -> What:
    claim = dated.claim
    return What(
        f"entity/{claim.subject}.html#s-{statement_id(claim)}",
        data.label(claim.subject),
        data.property_label(claim.pid),
        None if dated.via is None else value_view(data, claim.value, ""),
        "" if dated.via is None else data.property_label(dated.via),
    )


def _dated(data: SiteData, date: TimeValue, dated: Sequence[Dated]) -> DatedView:
    evidence: dict[tuple[str, str, int, int], Evidence] = {}
    for item in dated:
        for quote in item.claim.evidence:
            evidence.setdefault(quote.key(), quote)
    claims = {statement_id(d.claim): d.claim for d in dated}
    also = (
        tuple(
            Link(f"entity/{claim.subject}.html#s-{sid}", f"statement {number} of {len(claims)}")
            for number, (sid, claim) in enumerate(claims.items(), 1)
        )
        if len(claims) > 1
        else ()
    )
    first = dated[0].claim
    return DatedView(
        date_view(date),
        f"entity/{first.subject}.html#s-{statement_id(first)}",
        tuple(RANK_WORDS[rank] for rank in sorted({d.claim.rank for d in dated} - {"normal"})),
        also,
        tuple(reference_view(data, evidence[k], root="") for k in sorted(evidence)),
    )


def _item(data: SiteData, entry: Entry) -> Item:
    differ = (
        ""
        if len(entry.dates) == 1
        else "dated more and less precisely"
        if entry.only_precision_differs()
        else "the statements give different dates"
    )
    return Item(
        False,
        f"e-{entry.key}",
        _what(data, entry.first),
        tuple(_dated(data, date, dated) for date, dated in entry.dates),
        differ,
    )


def _pointer(data: SiteData, date: TimeValue, entry: Entry) -> Item:
    _, first_heading = _group(entry.dates[0][0])
    return Item(
        True,
        f"e-{entry.key}",
        _what(data, entry.first),
        (),
        "",
        date_view(date),
        first_heading,
    )
