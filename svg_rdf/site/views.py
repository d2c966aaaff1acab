"""Site, shared: the view model of the parts every page shows — a value, a date, an amount,
a reference with its quote, a statement, its qualifiers — as frozen records of strings and
numbers that `templates/macros.html` turns into markup."""

from __future__ import annotations

from dataclasses import dataclass

from svg_rdf.model import (
    Claim,
    Evidence,
    ItemValue,
    MonolingualValue,
    Qualifier,
    QuantityValue,
    TimeValue,
    UrlValue,
    Value,
)
from svg_rdf.reports.conflicts import SCOPE_QUALIFIERS
from svg_rdf.site.data import SiteData, pid_order, reference_id, statement_id
from svg_rdf.site.markup import macro
from svg_rdf.site.numbers import bounds_text, date_text, grouped, iso_date

RANK_WORDS = {
    "preferred": "preferred rank",
    "normal": "normal rank",
    "deprecated": "deprecated rank",
}


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class DateView:
    """A date in words, and its ISO form when it has one (year or finer)."""

    text: str
    iso: str | None


@dataclass(frozen=True)
class NumberView:
    """A number as written (84,875) and as machines read it (84875)."""

    raw: str
    text: str


@dataclass(frozen=True)
class QuantityView:
    amount: NumberView
    unit: Link | None  # its page; href "" when the unit has none
    bounds: tuple[str | NumberView, ...]  # words and numbers: "between ", 0, " and ", 600


@dataclass(frozen=True)
class ValueView:
    """A statement's value: `kind` says how it is shown (link, external, lang, date,
    quantity, text)."""

    kind: str
    text: str = ""
    href: str = ""
    language: str = ""
    date: DateView | None = None
    quantity: QuantityView | None = None


@dataclass(frozen=True)
class ReferenceView:
    quote: str
    language: str | None
    href: str  # the quote in its source's page
    where: str  # "Source title, line 12"


@dataclass(frozen=True)
class QualifierView:
    label: str
    pid: str
    scope: bool  # a scope qualifier (the conflicts report's)
    value: ValueView


@dataclass(frozen=True)
class StatementView:
    anchor: str
    rank: str
    rank_words: str
    value: ValueView
    qualifiers: tuple[QualifierView, ...]
    references: tuple[ReferenceView, ...]


def date_view(value: TimeValue) -> DateView:
    return DateView(date_text(value), iso_date(value))


def number_view(raw: str) -> NumberView:
    return NumberView(raw, grouped(raw))


_CUT = "\x00"


def quantity_view(data: SiteData, value: QuantityValue, root: str) -> QuantityView:
    unit = None
    if value.unit:
        page = f"{root}entity/{value.unit}.html" if value.unit in data.entities else ""
        unit = Link(page, data.label(value.unit) if page else value.unit)
    words = bounds_text(value, lambda raw: f"{_CUT}{raw}{_CUT}").split(_CUT)
    bounds = tuple(
        number_view(part) if index % 2 else part for index, part in enumerate(words) if part
    )
    return QuantityView(number_view(value.amount), unit, bounds)


def value_view(data: SiteData, value: Value, root: str) -> ValueView:
    """A value as the pages show it: items link to their pages, others readable."""
    if isinstance(value, ItemValue):
        if value.slug in data.entities:
            return ValueView("link", data.label(value.slug), href=f"{root}entity/{value.slug}.html")
        return ValueView("text", value.slug)
    if isinstance(value, MonolingualValue):
        return ValueView("lang", value.text, language=value.language)
    if isinstance(value, UrlValue):
        return ValueView("external", value.url, href=value.url)
    if isinstance(value, TimeValue):
        return ValueView("date", date=date_view(value))
    if isinstance(value, QuantityValue):
        return ValueView("quantity", quantity=quantity_view(data, value, root))
    return ValueView("text", value.display())


def reference_view(data: SiteData, evidence: Evidence, *, root: str) -> ReferenceView:
    source = data.sources.get(evidence.source)
    return ReferenceView(
        evidence.quote,
        source.language if source else None,
        f"{root}source/{evidence.source}.html#r-{reference_id(evidence)}",
        f"{data.source_title(evidence.source)}, line {data.line(evidence)}",
    )


def qualifier_views(
    data: SiteData, qualifiers: tuple[Qualifier, ...], *, root: str
) -> tuple[QualifierView, ...]:
    return tuple(
        QualifierView(
            data.property_label(q.pid),
            q.pid,
            q.pid in SCOPE_QUALIFIERS,
            value_view(data, q.value, root),
        )
        for q in sorted(qualifiers, key=lambda q: (pid_order(q.pid), q.key()))
    )


def statement_view(data: SiteData, claim: Claim, *, root: str) -> StatementView:
    return StatementView(
        f"s-{statement_id(claim)}",
        claim.rank,
        RANK_WORDS[claim.rank],
        value_view(data, claim.value, root),
        qualifier_views(data, claim.qualifiers, root=root),
        tuple(
            reference_view(data, evidence, root=root)
            for evidence in sorted(claim.evidence, key=Evidence.key)
        ),
    )


def value_html(data: SiteData, value: Value, root: str) -> str:
    """A value as the pages write it (the `value` macro of templates/macros.html)."""
    return macro("value", value_view(data, value, root))


def date_html(value: TimeValue) -> str:
    """The date in words; in a `<time datetime>` when it has an ISO form (year or finer)."""
    return macro("date", date_view(value))
