"""Site: the pages that are not about one entity or source — home, index by kind,
sources, conflicts, dataset (VoID/DCAT and downloads with checksums) and search."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from svg_rdf.export.writer import OutputFile
from svg_rdf.reports.conflicts import OPEN, REVIEWED
from svg_rdf.site.data import SiteData
from svg_rdf.site.entity import conflict_html
from svg_rdf.site.html import attrs, esc, join
from svg_rdf.site.numbers import grouped

KIND_TITLES = {
    "aircraft": "Aircraft",
    "class": "Classes",
    "concept": "Concepts",
    "country": "Countries",
    "event": "Events",
    "monument": "Monuments",
    "organisation": "Organisations",
    "person": "People",
    "place": "Places",
    "treaty": "Treaties",
    "unit": "Units",
    "war": "Wars",
    "work": "Works",
}


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind.capitalize())


def home_body(data: SiteData, *, title: str, description: str) -> str:
    counts = (
        f"{grouped(str(len(data.curation.entities)))} entities, "
        f"{grouped(str(len(data.curation.claims)))} statements "
        f"from {grouped(str(len(data.curation.sources)))} sources, "
        f"{grouped(str(sum(c.status == OPEN for c in data.conflicts)))} open conflicts"
    )
    return join(
        [
            f"<h1>{esc(title)}</h1>",
            f"<p>{esc(description)}</p>",
            f"<p>{esc(counts)}.</p>",
            "<ul>",
            '<li><a href="entities.html">Every entity, by kind</a></li>',
            '<li><a href="sources.html">The sources, with every cited passage highlighted</a></li>',
            '<li><a href="conflicts.html">Where the sources disagree</a></li>',
            '<li><a href="timeline.html">Every dated statement, year by year</a></li>',
            '<li><a href="dataset.html">The dataset: description, licence, downloads</a></li>',
            "</ul>",
        ]
    )


def entities_body(data: SiteData) -> str:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for entity in data.curation.entities:
        by_kind[entity.kind].append(entity.slug)
    kinds = sorted(by_kind, key=kind_title)
    parts = [
        "<h1>Entities</h1>",
        '<nav aria-label="Kinds"><ul class="kinds">',
        *(
            f'<li><a href="#kind-{esc(kind)}">{esc(kind_title(kind))}</a> '
            f"({len(by_kind[kind])})</li>"
            for kind in kinds
        ),
        "</ul></nav>",
    ]
    for kind in kinds:
        parts.append(f'<h2 id="kind-{esc(kind)}">{esc(kind_title(kind))}</h2>')
        parts.append('<ul class="entity-list">')
        for slug in sorted(by_kind[kind], key=lambda s: (data.label(s).casefold(), s)):
            count = len(data.outgoing.get(slug, []))
            statements = f' <span class="count">({count} statements)</span>' if count else ""
            parts.append(
                f"<li><a{attrs(href=f'entity/{slug}.html')}>{esc(data.label(slug))}</a>"
                f"{statements}</li>"
            )
        parts.append("</ul>")
    return join(parts)


def sources_body(data: SiteData) -> str:
    parts = ["<h1>Sources</h1>", '<ul class="entity-list">']
    for stem in sorted(data.sources):
        source = data.sources[stem]
        quotes = len(data.citing.get(stem, {}))
        parts.append(
            f"<li><a{attrs(href=f'source/{stem}.html')}>{esc(source.title)}</a> "
            f'<span class="count">({quotes} quoted passages)</span></li>'
        )
    parts.append("</ul>")
    return join(parts)


def conflicts_body(data: SiteData) -> str:
    resolved = sum(1 for c in data.conflicts if c.status == "resolved by rank")
    reviewed = sum(1 for c in data.conflicts if c.status == REVIEWED)
    parts = [
        "<h1>Where the sources disagree</h1>",
        f"<p>{len(data.conflicts)} conflicts: {sum(c.status == OPEN for c in data.conflicts)} "
        f"open, {resolved} resolved by rank, {reviewed} reviewed: not a conflict (a curator "
        "recorded why, in seeds/conflicts.toml). Statements are grouped by subject and "
        "property, and every two that differ are decided by the first rule that applies: "
        "they may agree (other words, fewer qualifiers, a coarser date), answer different "
        "questions (a different scope), hold several values (a property with no "
        "single-value constraint), or conflict (a property with one value per scope). "
        "Each conflict "
        "below names its rule.</p>",
    ]
    for number, conflict in enumerate(data.conflicts, 1):
        parts.append(conflict_html(data, conflict, number, root="", heading=True))
    return join(parts)


def dataset_body(
    *,
    title: str,
    description: str,
    license_iri: str,
    iri: str,
    downloads: Sequence[OutputFile],
    description_turtle: bytes,
) -> str:
    rows = []
    for file in downloads:
        digest = hashlib.sha256(file.data).hexdigest()
        rows.append(
            f'<tr><th scope="row"><a{attrs(href=f"../{file.name}", type=file.media_type)}>'
            f"{esc(file.name)}</a></th><td>{esc(file.media_type)}</td>"
            f'<td class="number"><data{attrs(value=str(len(file.data)))}>'
            f"{grouped(str(len(file.data)))}</data></td>"
            f'<td><code class="hash">{digest}</code></td></tr>'
        )
    return join(
        [
            f"<h1>{esc(title)}</h1>",
            f"<p>{esc(description)}</p>",
            '<dl class="facts">',
            f"<dt>IRI</dt><dd><code>{esc(iri)}</code></dd>",
            f"<dt>Licence</dt><dd><a{attrs(href=license_iri, rel='external license')}>"
            f"{esc(license_iri)}</a></dd>",
            "</dl>",
            '<h2 id="downloads">Downloads</h2>',
            "<p>Check a download with <code>sha256sum</code> against the digest below.</p>",
            '<div class="table-scroll" tabindex="0" role="region" aria-label="Downloads"><table>',
            "<caption>Files of the dataset, with size in bytes and SHA-256 digest</caption>",
            '<thead><tr><th scope="col">File</th><th scope="col">Media type</th>'
            '<th scope="col">Bytes</th><th scope="col">SHA-256</th></tr></thead>',
            f"<tbody>{''.join(rows)}</tbody></table></div>",
            '<h2 id="description">Description (VoID and DCAT)</h2>',
            '<p>The dataset describes itself in <a href="dataset.ttl" type="text/turtle">'
            "Turtle</a>:</p>",
            '<pre class="rdf" tabindex="0" role="region" aria-label="The description in '
            f'Turtle"><code>{esc(description_turtle.decode("utf-8"))}</code></pre>',
        ]
    )


def search_body() -> str:
    return join(
        [
            "<h1>Search</h1>",
            '<p id="search-status" role="status" aria-live="polite">'
            "Type in the search box above. Searching needs JavaScript; without it, use the "
            '<a href="entities.html">index of entities</a>.</p>',
            '<ol id="search-results" class="entity-list"></ol>',
        ]
    )


def search_index(data: SiteData) -> bytes:
    """The search index: one short record per entity, sorted by label (stable bytes)."""
    records: list[dict[str, Any]] = []
    for entity in sorted(data.curation.entities, key=lambda e: (e.label.casefold(), e.slug)):
        names = sorted({text for _, text in (*entity.labels, *entity.aliases)} - {entity.label})
        record: dict[str, Any] = {
            "l": entity.label,
            "k": entity.kind,
            "u": f"entity/{entity.slug}.html",
        }
        if names:
            record["a"] = names
        description = dict(entity.descriptions).get("en")
        if description:
            record["d"] = description
        records.append(record)
    text = json.dumps(records, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("},{", "},\n{") + "\n").encode("utf-8")
