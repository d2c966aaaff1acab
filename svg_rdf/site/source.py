"""Site: one page per source — the full text, every cited span highlighted and linked back.

Quotes may overlap, so cited spans are merged into clusters (maximal runs of overlapping
quotes). Each cluster is one highlighted passage whose citation number leads to the
statements quoting it; each quote's start carries an anchor (`#r-<reference hash>`), the
place an entity page's "in context" link points to, and the passage it opens is shown as
the target. Uncited text stays plain, so the coverage of the source is visible at a glance.
This module computes the page's view model; `templates/source.html` is its markup.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from svg_rdf.model import Evidence, SourceDocument
from svg_rdf.site.data import SiteData, statement_id
from svg_rdf.site.markup import render_block
from svg_rdf.site.views import Link


@dataclass(frozen=True)
class Cluster:
    """A maximal run of overlapping quotes: [start, end) and the references inside."""

    start: int
    end: int
    references: tuple[tuple[str, Evidence], ...]  # (reference id, evidence), by start


def clusters(references: dict[str, Evidence]) -> list[Cluster]:
    """Quotes merged where they overlap (touching quotes stay apart), in text order."""
    spans = sorted(references.items(), key=lambda item: (item[1].start, item[1].end, item[0]))
    out: list[Cluster] = []
    current: list[tuple[str, Evidence]] = []
    end = -1
    for ref, evidence in spans:
        if current and evidence.start < end:
            current.append((ref, evidence))
            end = max(end, evidence.end)
            continue
        if current:
            out.append(Cluster(current[0][1].start, end, tuple(current)))
        current, end = [(ref, evidence)], evidence.end
    if current:
        out.append(Cluster(current[0][1].start, end, tuple(current)))
    return out


@dataclass(frozen=True)
class Piece:
    """A run of a cluster covered by the same quotes; `anchors` start there."""

    text: str
    overlap: bool  # covered by two quotes or more
    anchors: tuple[str, ...]  # reference ids


@dataclass(frozen=True)
class Passage:
    """A cluster as the text shows it: numbered, in pieces."""

    number: int
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Citation:
    number: int
    passage: str  # the cluster's text, on one line, shortened
    links: tuple[Link, ...]  # the statements quoting it


@dataclass(frozen=True)
class SourcePage:
    title: str
    iri: str
    filename: str
    kind: str
    language: str
    license: str
    sha256: str
    url: str | None
    imported_from: str | None
    quotes: int
    cited: int
    total: int
    share: str  # percent, one decimal
    text: tuple[str | Passage, ...]  # uncited text and cited passages, in order
    citations: tuple[Citation, ...]


def source_page(data: SiteData, source: SourceDocument, *, iri: str, root: str) -> SourcePage:
    """The view model of a source's page."""
    found = clusters(data.citing.get(source.stem, {}))
    cited = sum(cluster.end - cluster.start for cluster in found)
    total = len(source.text)
    return SourcePage(
        title=source.title,
        iri=iri,
        filename=source.filename,
        kind=source.kind,
        language=source.language,
        license=source.license,
        sha256=source.sha256,
        url=source.url,
        imported_from=source.imported_from,
        quotes=sum(len(cluster.references) for cluster in found),
        cited=cited,
        total=total,
        share=f"{100 * cited / total:.1f}" if total else "0.0",
        text=_text(source.text, found),
        citations=tuple(
            _citation(data, number, cluster, source.text, root=root)
            for number, cluster in enumerate(found, 1)
        ),
    )


def source_body(data: SiteData, source: SourceDocument, *, iri: str, root: str) -> str:
    """The `<main>` content of a source's page."""
    page = source_page(data, source, iri=iri, root=root)
    return render_block("source.html", "main", page=page).removesuffix("\n")


def _text(text: str, found: list[Cluster]) -> tuple[str | Passage, ...]:
    out: list[str | Passage] = []
    position = 0
    for number, cluster in enumerate(found, 1):
        out.append(text[position : cluster.start])
        out.append(_passage(number, cluster, text))
        position = cluster.end
    out.append(text[position:])
    return tuple(part for part in out if part)


def _passage(number: int, cluster: Cluster, text: str) -> Passage:
    cuts = sorted(
        {cluster.start, cluster.end}
        | {e.start for _, e in cluster.references}
        | {e.end for _, e in cluster.references}
    )
    pieces = []
    for left, right in itertools.pairwise(cuts):
        covering = sum(1 for _, e in cluster.references if e.start <= left and e.end >= right)
        anchors = tuple(ref for ref, e in cluster.references if e.start == left)
        pieces.append(Piece(text[left:right], covering >= 2, anchors))
    return Passage(number, tuple(pieces))


def _citation(data: SiteData, number: int, cluster: Cluster, text: str, *, root: str) -> Citation:
    claims = []
    seen: set[str] = set()
    for ref, _ in cluster.references:
        for claim in data.cited_by.get(ref, []):
            key = statement_id(claim)
            if key not in seen:
                seen.add(key)
                claims.append(claim)
    claims.sort(key=lambda c: (data.label(c.subject), c.pid, statement_id(c)))
    passage = " ".join(text[cluster.start : cluster.end].split())
    if len(passage) > 160:
        passage = passage[:159].rstrip() + "…"
    links = tuple(
        Link(f"{root}entity/{c.subject}.html#s-{statement_id(c)}", data.summary(c)) for c in claims
    )
    return Citation(number, passage, links)
