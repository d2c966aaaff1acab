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
before the years inside it. No JavaScript: headings, lists and links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from svg_rdf.graph.ids import content_hash
from svg_rdf.model import Evidence, TimeValue
from svg_rdf.site.data import SiteData, claim_order, date_html, pid_order, statement_id
from svg_rdf.site.dated import Dated, dated_statements
from svg_rdf.site.entity import RANK_WORDS, reference_html
from svg_rdf.site.html import attrs, esc
from svg_rdf.site.html import join as join_lines
from svg_rdf.site.numbers import date_order, date_span, date_text, grouped


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


def timeline_body(data: SiteData) -> str:
    """The `<main>` content of timeline.html."""
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
    parts = [
        "<h1>Timeline</h1>",
        f"<p>{grouped(str(len(entries)))} dated things from {grouped(str(statements))} "
        "statements, by year; a date known only to the decade or century comes before the "
        "years inside it. Each entry links to its statement on the entity's page and quotes "
        f"its sources. {grouped(str(len(differing)))} things are dated differently by the "
        f"statements ({grouped(str(coarser))} of them only more or less precisely): there, "
        "every date stands beside the others, each with its quotes, under the earliest "
        "year.</p>",
    ]
    if not groups:
        parts.append("<p>No statement has a date.</p>")
        return join(parts)
    ordered = sorted(groups.items())
    parts.append('<nav aria-label="Years"><ul class="kinds">')
    parts.extend(
        f"<li><a{attrs(href='#' + _group_id(heading))}>{esc(heading)}</a></li>"
        for _, (heading, _) in ordered
    )
    parts.append("</ul></nav>")
    for _, (heading, items) in ordered:
        group_id = _group_id(heading)
        parts.append(f"<section{attrs(class_='year', aria_labelledby=group_id)}>")
        parts.append(f"<h2{attrs(id=group_id)}>{esc(heading)}</h2>")
        parts.append('<ol class="timeline">')
        for date, entry, home in sorted(items, key=lambda i: _entry_order(data, i[0], i[1])):
            if home:
                parts.append(_entry_html(data, entry))
            else:
                parts.append(_pointer_html(data, date, entry))
        parts.append("</ol>")
        parts.append("</section>")
    return join(parts)


def join(parts: Iterable[str]) -> str:
    """The parts one a line, empty ones left out."""
    return join_lines(part for part in parts if part)


def _group_id(heading: str) -> str:
    return "y-" + heading.replace(" ", "-")


def _what(data: SiteData, dated: Dated) -> str:
    """`<a>Subject</a> — date of death` or `<a>Subject</a> — participant in: X (start time)`."""
    claim = dated.claim
    href = f"entity/{claim.subject}.html#s-{statement_id(claim)}"
    subject = f'<a class="subject"{attrs(href=href)}>{esc(data.label(claim.subject))}</a>'
    prop = esc(data.property_label(claim.pid))
    if dated.via is None:
        return f"{subject} — {prop}"
    value = data.value_html(claim.value, "")
    return f"{subject} — {prop}: {value} ({esc(data.property_label(dated.via))})"


def _quotes(data: SiteData, dated: Sequence[Dated]) -> str:
    evidence: dict[tuple[str, str, int, int], Evidence] = {}
    for item in dated:
        for quote in item.claim.evidence:
            evidence.setdefault(quote.key(), quote)
    return join(
        [
            '<ul class="references">',
            *(reference_html(data, evidence[k], root="") for k in sorted(evidence)),
            "</ul>",
        ]
    )


def _statements(dated: Sequence[Dated]) -> str:
    """Links to each statement giving the date, when there are several (the subject's link
    leads to the first)."""
    claims = {statement_id(d.claim): d.claim for d in dated}
    if len(claims) < 2:
        return ""
    links = ", ".join(
        f"<a{attrs(href=f'entity/{claim.subject}.html#s-{sid}')}>"
        f"statement {number} of {len(claims)}</a>"
        for number, (sid, claim) in enumerate(claims.items(), 1)
    )
    return f'<p class="also">Given by {len(claims)} statements: {links}.</p>'


def _rank(dated: Sequence[Dated]) -> str:
    ranks = sorted({d.claim.rank for d in dated} - {"normal"})
    return "".join(f' <span class="rank">{RANK_WORDS[rank]}</span>' for rank in ranks)


def _entry_html(data: SiteData, entry: Entry) -> str:
    anchor = f"e-{entry.key}"
    if len(entry.dates) == 1:
        date, dated = entry.dates[0]
        return join(
            [
                f"<li{attrs(class_='entry', id=anchor)}>",
                f'<p class="what">{date_html(date)}: {_what(data, dated[0])}{_rank(dated)}</p>',
                _statements(dated),
                _quotes(data, dated),
                "</li>",
            ]
        )
    differ = (
        "dated more and less precisely"
        if entry.only_precision_differs()
        else "the statements give different dates"
    )
    parts = [
        f"<li{attrs(class_='entry differs', id=anchor)}>",
        f'<p class="what">{_what(data, entry.first)}: <strong>{differ}</strong></p>',
        f'<ul class="dates"{attrs(aria_label="The dates given, side by side")}>',
    ]
    for date, dated in entry.dates:
        claim = dated[0].claim
        href = f"entity/{claim.subject}.html#s-{statement_id(claim)}"
        parts.append(
            join(
                [
                    '<li class="date">',
                    f'<p class="when"><a{attrs(href=href)}>{date_html(date)}</a>{_rank(dated)}</p>',
                    _statements(dated),
                    _quotes(data, dated),
                    "</li>",
                ]
            )
        )
    parts.extend(["</ul>", "</li>"])
    return join(parts)


def _pointer_html(data: SiteData, date: TimeValue, entry: Entry) -> str:
    _, first_heading = _group(entry.dates[0][0])
    href = f"#e-{entry.key}"
    return (
        '<li class="entry pointer">'
        f'<p class="what">{date_html(date)}: {_what(data, entry.first)}, dated differently '
        f"elsewhere: <a{attrs(href=href)}>see {esc(first_heading)}</a></p></li>"
    )
