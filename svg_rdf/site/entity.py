"""Site: one page per entity — statements by property, qualifiers, rank, every reference.

Each reference shows its quote and links to the exact place in the source page; where
the sources disagree about a property, their statements stand side by side with the
rule that explains (or fails to explain) the difference. This module computes the page's
view model; `templates/entity.html` (and the macros it imports) is its markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from svg_rdf.model import Claim, Entity, Evidence
from svg_rdf.reports.conflicts import BETWEEN, RESOLVED, RULES, Conflict
from svg_rdf.site.data import SiteData, reference_id, statement_id
from svg_rdf.site.markup import render_block
from svg_rdf.site.picture import PictureView, picture_view
from svg_rdf.site.views import (
    RANK_WORDS,
    Link,
    QualifierView,
    StatementView,
    qualifier_views,
    statement_view,
)


@dataclass(frozen=True)
class ConflictRow:
    """One statement of a conflict, and what each stating source says of it."""

    number: int
    href: str
    text: str
    rank_words: str
    qualifiers: tuple[QualifierView, ...]
    clash: str  # "Disagrees with" or "Differs from"
    others: str  # "2, 3"
    cells: tuple[tuple[Link, ...], ...]  # per stating source: its quotes (none: silent)


@dataclass(frozen=True)
class ConflictView:
    number: int
    heading: bool  # on the conflicts page (a heading) or an entity's (a title line)
    cls: str
    subject: Link
    property: str
    pid: str
    link: str  # the conflict on the conflicts page
    said: str
    where: str
    verdict: str
    stating: tuple[str, ...]  # the stating sources' titles (the table's columns)
    rows: tuple[ConflictRow, ...]


@dataclass(frozen=True)
class PropertyView:
    pid: str
    label: str
    conflicts: tuple[ConflictView, ...]
    statements: tuple[StatementView, ...]


@dataclass(frozen=True)
class EntityPage:
    label: str
    description: str | None
    iri: str
    kind: str
    qid: str | None
    also: str  # other labels and aliases, "; "-joined ("" for none)
    count: int
    picture: PictureView
    properties: tuple[PropertyView, ...]
    incoming: tuple[Link, ...]


def entity_page(data: SiteData, entity: Entity, *, iri: str, root: str) -> EntityPage:
    """The view model of an entity's page."""
    claims = data.outgoing.get(entity.slug, [])
    others = [text for language, text in entity.labels if language != "en"]
    aliases = [text for _, text in entity.aliases]
    return EntityPage(
        label=entity.label,
        description=dict(entity.descriptions).get("en"),
        iri=iri,
        kind=entity.kind,
        qid=entity.qid,
        also="; ".join([*others, *aliases]),
        count=len(claims),
        picture=picture_view(data, entity, root=root),
        properties=tuple(
            _property(data, entity, pid, list(group), root=root)
            for pid, group in groupby(claims, key=lambda c: c.pid)
        ),
        incoming=tuple(
            Link(f"{root}entity/{claim.subject}.html#s-{statement_id(claim)}", data.summary(claim))
            for claim in data.incoming.get(entity.slug, [])
        ),
    )


def entity_body(data: SiteData, entity: Entity, *, iri: str, root: str) -> str:
    """The `<main>` content of an entity's page."""
    return render_block(
        "entity.html", "main", page=entity_page(data, entity, iri=iri, root=root)
    ).removesuffix("\n")


def _property(
    data: SiteData, entity: Entity, pid: str, claims: Sequence[Claim], *, root: str
) -> PropertyView:
    return PropertyView(
        pid,
        data.property_label(pid),
        tuple(
            conflict_view(data, data.conflicts[number - 1], number, root=root, heading=False)
            for number in data.conflict_of.get((entity.slug, pid), [])
        ),
        tuple(statement_view(data, claim, root=root) for claim in claims),
    )


def conflict_view(
    data: SiteData, conflict: Conflict, number: int, *, root: str, heading: bool
) -> ConflictView:
    """The statements of a conflict side by side (a table: statements by stating sources),
    with the rule that decided it."""
    group = conflict.group
    rule = RULES[conflict.rule]
    involved = sorted({i for pair in conflict.pairs for i in (pair.first, pair.second)})
    partners: dict[int, set[int]] = {i: set() for i in involved}
    for pair in conflict.pairs:
        partners[pair.first].add(pair.second)
        partners[pair.second].add(pair.first)
    resolved = rule.verdict == RESOLVED
    verdict = (
        f"{'Resolved' if resolved else 'Conflict'} by the rule {conflict.rule}: {rule.meaning}."
    )
    review = conflict.review
    if review is not None:
        verdict = (
            f"Reviewed: not a conflict. {review.reason} "
            f"(recorded in {review.place.path}, line {review.place.line}; the rule "
            f"{conflict.rule} would report it: {rule.meaning}.)"
        )
    where = "; ".join(
        w if w == BETWEEN else f"within {data.source_title(w.removeprefix('within '))}"
        for w in conflict.where
    )
    stating = sorted({stem for i in involved for stem in group.sources(i)})
    rows = []
    for index in involved:
        claim = group.claims[index]
        cells = tuple(
            tuple(
                Link(f"{root}source/{stem}.html#r-{reference_id(e)}", _short(e.quote))
                for e in sorted((e for e in claim.evidence if e.source == stem), key=Evidence.key)
            )
            for stem in stating
        )
        rows.append(
            ConflictRow(
                index + 1,
                f"{root}entity/{claim.subject}.html#s-{statement_id(claim)}",
                data.value_text(claim.value),
                RANK_WORDS[claim.rank],
                qualifier_views(data, claim.qualifiers, root=root),
                "Differs from" if review else "Disagrees with",
                ", ".join(str(i + 1) for i in sorted(partners[index])),
                cells,
            )
        )
    explained = resolved or review is not None
    return ConflictView(
        number=number,
        heading=heading,
        cls="conflict explained" if explained else "conflict unexplained",
        subject=Link(f"{root}entity/{group.subject}.html", data.label(group.subject)),
        property=data.property_label(group.pid),
        pid=group.pid,
        link=f"{root}conflicts.html#conflict-{number}",
        said="differ (reviewed: not a conflict)" if review is not None else "disagree",
        where=where,
        verdict=verdict,
        stating=tuple(data.source_title(stem) for stem in stating),
        rows=tuple(rows),
    )


def _short(quote: str, limit: int = 80) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"
