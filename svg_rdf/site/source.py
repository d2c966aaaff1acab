"""Site: one page per source — the full text, every cited span highlighted and linked back.

Quotes may overlap, so cited spans are merged into clusters (maximal runs of overlapping
quotes). Each cluster is one highlighted passage whose citation number leads to the
statements quoting it; each quote's start carries an anchor (`#r-<reference hash>`), the
place an entity page's "in context" link points to, and the passage it opens is shown as
the target. Uncited text stays plain, so the coverage of the source is visible at a glance.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from svg_rdf.model import Evidence, SourceDocument
from svg_rdf.site.data import SiteData, statement_id
from svg_rdf.site.html import attrs, esc, join


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


def source_body(data: SiteData, source: SourceDocument, *, iri: str, root: str) -> str:
    """The `<main>` content of a source's page."""
    found = clusters(data.citing.get(source.stem, {}))
    cited = sum(cluster.end - cluster.start for cluster in found)
    total = len(source.text)
    share = f"{100 * cited / total:.1f}" if total else "0.0"
    quotes = sum(len(cluster.references) for cluster in found)
    parts = [
        f"<h1>{esc(source.title)}</h1>",
        _facts(source, iri=iri),
        f'<p class="coverage">{quotes} quotes cite {cited} of its {total} characters '
        f"({share}%). <mark>Highlighted</mark> text is cited by at least one statement; "
        "each passage's number leads to the statements that quote it.</p>",
        '<h2 id="text">Text</h2>',
        f'<div class="source-text"{attrs(lang=source.language)}>{_text(source.text, found)}</div>',
        '<h2 id="citations">Citations</h2>',
        '<ol class="citations">',
    ]
    for number, cluster in enumerate(found, 1):
        parts.append(_citation(data, number, cluster, source.text, root=root))
    parts.append("</ol>")
    return join(parts)


def _facts(source: SourceDocument, *, iri: str) -> str:
    rows = [
        ("IRI", f"<code>{esc(iri)}</code>"),
        ("File", f"<code>{esc(source.filename)}</code>"),
        ("Kind", esc(source.kind)),
        ("Language", esc(source.language)),
        (
            "Licence",
            f"<a{attrs(href=source.license, rel='external license')}>{esc(source.license)}</a>",
        ),
        ("SHA-256", f'<code class="hash">{esc(source.sha256)}</code>'),
    ]
    if source.url:
        rows.append(
            ("Address", f"<a{attrs(href=source.url, rel='external')}>{esc(source.url)}</a>")
        )
    if source.imported_from:
        rows.append(("Imported from", f"Wikidata item {esc(source.imported_from)}"))
    cells = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="facts">{cells}</dl>'


def _text(text: str, found: list[Cluster]) -> str:
    out: list[str] = []
    position = 0
    for number, cluster in enumerate(found, 1):
        out.append(esc(text[position : cluster.start]))
        out.append(_cluster_html(number, cluster, text))
        position = cluster.end
    out.append(esc(text[position:]))
    return "".join(out)


def _cluster_html(number: int, cluster: Cluster, text: str) -> str:
    cuts = sorted(
        {cluster.start, cluster.end}
        | {e.start for _, e in cluster.references}
        | {e.end for _, e in cluster.references}
    )
    pieces = []
    for left, right in itertools.pairwise(cuts):
        covering = sum(1 for _, e in cluster.references if e.start <= left and e.end >= right)
        anchors = "".join(
            f'<span class="anchor"{attrs(id="r-" + ref)}></span>'
            for ref, e in cluster.references
            if e.start == left
        )
        depth = "" if covering < 2 else ' class="overlap"'
        pieces.append(f"<mark{depth}>{anchors}{esc(text[left:right])}</mark>")
    return (
        f'<span class="cluster"{attrs(id=f"c-{number}")}>{"".join(pieces)}</span>'
        f'<sup><a class="cite-link"{attrs(href=f"#cite-{number}")} '
        f'aria-label="Citation {number}: the statements quoting this passage">{number}</a></sup>'
    )


def _citation(data: SiteData, number: int, cluster: Cluster, text: str, *, root: str) -> str:
    claims = []
    seen: set[str] = set()
    for ref, _ in cluster.references:
        for claim in data.cited_by.get(ref, []):
            key = statement_id(claim)
            if key not in seen:
                seen.add(key)
                claims.append(claim)
    claims.sort(key=lambda c: (data.label(c.subject), c.pid, statement_id(c)))
    links = [(f"{root}entity/{c.subject}.html#s-{statement_id(c)}", c) for c in claims]
    items = "".join(
        f'<li><a class="back-link"{attrs(href=href)}>{esc(data.summary(c))}</a></li>'
        for href, c in links
    )
    passage = " ".join(text[cluster.start : cluster.end].split())
    if len(passage) > 160:
        passage = passage[:159].rstrip() + "…"
    return (
        f"<li{attrs(id=f'cite-{number}')}>"
        f"<p><a{attrs(href=f'#c-{number}')}>“{esc(passage)}”</a></p>"
        f'<ul class="citing">{items}</ul></li>'
    )
