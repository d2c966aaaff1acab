"""Site: Curation + graph -> the Linked Data pages of output/site/ (HTML, RDF, search).

`render_site` returns every file of the site as OutputFile objects named `site/...`, so
the pipeline writes them with the other outputs through the one verifying writer (each
machine document must parse back to its triples). Bytes depend only on the inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from svg_rdf.cache import Memo, pickled
from svg_rdf.export.writer import OutputFile
from svg_rdf.graph.vocab import OurNamespaces
from svg_rdf.model import Curation, Entity
from svg_rdf.site import nodes, pages, redirects
from svg_rdf.site.data import SiteData
from svg_rdf.site.entity import entity_page
from svg_rdf.site.html import HTML, SITE, Alternate, Frame, page
from svg_rdf.site.query import SCRIPT, QueryExample, query_page
from svg_rdf.site.rdf import FORMATS, Documents, entity_schema, source_schema
from svg_rdf.site.schema_dates import schema_dates
from svg_rdf.site.source import source_page
from svg_rdf.site.timeline import timeline_page

__all__ = ["SITE", "SiteSettings", "render_site"]


@dataclass(frozen=True)
class SiteSettings:
    """What the pages say about the dataset, and where output/ is published."""

    name: str  # the dataset's short name, the site's brand
    title: str
    description: str
    license: str
    base_iri: str
    site_url: str  # where output/ is served; the base IRI itself when self-hosted


def _static(name: str) -> bytes:
    return resources.files("svg_rdf.site").joinpath("static", name).read_bytes()


def render_site(
    curation: Curation,
    graph: Graph | Iterable[ox.Triple],
    ours: OurNamespaces,
    settings: SiteSettings,
    downloads: Sequence[OutputFile],
    examples: Sequence[QueryExample] = (),
    *,
    memo: Memo | None = None,
) -> tuple[OutputFile, ...]:
    """Every file of the site, named `site/...`, in a stable order.

    `downloads` are the dataset's files (listed with their checksums on the dataset
    page); void.ttl among them adds its distributions to the dataset's description.
    `examples` are the example queries offered on the query page. With `memo`, a page
    whose template, frame and view model pickle to the same bytes as in the memo, and a
    machine document of the same triples, takes its stored bytes instead of being rendered
    (the render is pure in these); such a document was verified when it was stored, and
    comes without its expected triples.
    """
    data = SiteData(curation)
    documents = Documents(graph, ours, memo)
    title = settings.title
    canonical = settings.base_iri + SITE + "/"
    out: list[OutputFile] = []

    def html(name: str, template: str, frame: Frame, view: object) -> None:
        def rendered() -> bytes:
            return page(template, frame, site_title=settings.name, page=view)

        if memo is None:
            text = rendered()
        else:  # pickling the view costs a tenth of rendering it
            text = memo.recall(pickled((template, frame, settings.name, view)), bytes, rendered)
        out.append(OutputFile(f"{SITE}/{name}", text, HTML))

    def alternates(stem: str) -> list[Alternate]:
        return [Alternate(f"{stem}.{suffix}", media, label) for suffix, media, label in FORMATS]

    for entity in sorted(curation.entities, key=lambda e: e.slug):
        iri = str(ours.entity[entity.slug])
        url = f"{canonical}entity/{entity.slug}.html"
        frame = Frame(
            entity.label,
            "../",
            url,
            alternates(entity.slug),
            _entity_schema(data, entity, iri=iri, url=url, dataset=str(ours.dataset)),
            current="entities",
        )
        view = entity_page(data, entity, iri=iri, root="../")
        html(f"entity/{entity.slug}.html", "entity.html", frame, view)
        triples = documents.closure([ox.NamedNode(iri)])
        out.extend(_renamed(documents.files(entity.slug, triples), "entity/"))

    for source in sorted(curation.sources, key=lambda s: s.stem):
        iri = str(ours.source[source.stem])
        url = f"{canonical}source/{source.stem}.html"
        frame = Frame(
            source.title,
            "../",
            url,
            alternates(source.stem),
            source_schema(source, iri=iri, url=url),
            current="sources",
        )
        shown = source_page(data, source, iri=iri, root="../")
        html(f"source/{source.stem}.html", "source.html", frame, shown)
        triples = documents.closure([ox.NamedNode(iri)])
        checksum = [
            t.object
            for t in triples
            if isinstance(t.object, ox.NamedNode) and t.object.value.endswith("-sha256")
        ]
        triples += documents.closure(checksum)
        out.extend(_renamed(documents.files(source.stem, triples), "source/"))

    description = _dataset_triples(documents, ours, downloads)
    described = documents.files("dataset", description)
    dataset_schema = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": str(ours.dataset),
        "name": title,
        "description": settings.description,
        "license": settings.license,
        "url": f"{canonical}dataset.html",
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": settings.base_iri + file.name,
                "encodingFormat": file.media_type,
                "contentSize": str(len(file.data)),
            }
            for file in downloads
        ],
    }
    html(
        "dataset.html",
        "dataset.html",
        Frame(
            "Dataset",
            "",
            f"{canonical}dataset.html",
            alternates("dataset"),
            dataset_schema,
            current="dataset",
        ),
        pages.dataset_page(
            title=title,
            description=settings.description,
            license_iri=settings.license,
            iri=str(ours.dataset),
            downloads=downloads,
            description_turtle=described[0].data,
        ),
    )
    out.extend(_renamed(described, ""))
    html(
        "index.html",
        "home.html",
        Frame(title, "", f"{canonical}index.html", current="home"),
        pages.home_page(data, title=title, description=settings.description),
    )
    html(
        "entities.html",
        "entities.html",
        Frame("Entities", "", f"{canonical}entities.html", current="entities"),
        pages.entities_page(data),
    )
    html(
        "sources.html",
        "sources.html",
        Frame("Sources", "", f"{canonical}sources.html", current="sources"),
        pages.sources_page(data),
    )
    html(
        "conflicts.html",
        "conflicts.html",
        Frame("Conflicts", "", f"{canonical}conflicts.html", current="conflicts"),
        pages.conflicts_page(data),
    )
    html(
        "timeline.html",
        "timeline.html",
        Frame("Timeline", "", f"{canonical}timeline.html", current="timeline"),
        timeline_page(data),
    )
    html(
        "search.html",
        "search.html",
        Frame("Search", "", f"{canonical}search.html", scripts=("search.js",)),
        None,
    )
    html(
        "query.html",
        "query.html",
        Frame("Query", "", f"{canonical}query.html", scripts=(SCRIPT,), current="query"),
        query_page(examples, base_iri=settings.base_iri),
    )
    out.append(OutputFile(f"{SITE}/search.json", pages.search_index(data), "application/json"))
    out.append(OutputFile(f"{SITE}/style.css", _static("style.css"), "text/css; charset=utf-8"))
    out.append(OutputFile(f"{SITE}/favicon.svg", _static("favicon.svg"), "image/svg+xml"))
    for script in ("search.js", SCRIPT):
        out.append(
            OutputFile(f"{SITE}/{script}", _static(script), "text/javascript; charset=utf-8")
        )
    anchors = nodes.anchors(documents, (entity.slug for entity in curation.entities))
    out.append(
        OutputFile(f"{SITE}/nodes.tsv", nodes.table(anchors), nodes.MEDIA_TYPE),
    )
    out.append(
        OutputFile(
            f"{SITE}/w3id.htaccess",
            redirects.htaccess(
                base_iri=settings.base_iri, site_url=settings.site_url, nodes=anchors
            ),
            "text/plain; charset=utf-8",
        )
    )
    out.append(
        OutputFile(
            f"{SITE}/nginx.conf",
            redirects.nginx(site_url=settings.site_url, nodes=anchors),
            "text/plain; charset=utf-8",
        )
    )
    return tuple(sorted(out, key=lambda file: file.name))


def _entity_schema(
    data: SiteData, entity: Entity, *, iri: str, url: str, dataset: str
) -> dict[str, Any]:
    """schema.org JSON-LD for an entity's page, with its dates."""
    document = entity_schema(entity, iri=iri, url=url, dataset=dataset)
    document.update(schema_dates(document["@type"], data.outgoing.get(entity.slug, [])))
    return document


def _renamed(files: list[OutputFile], folder: str) -> list[OutputFile]:
    return [
        OutputFile(f"{SITE}/{folder}{f.name}", f.data, f.media_type, f.rdf_format, f.expected)
        for f in files
    ]


def _dataset_triples(
    documents: Documents, ours: OurNamespaces, downloads: Sequence[OutputFile]
) -> list[ox.Triple]:
    """The dataset node, its build and tool, and the distributions void.ttl lists."""
    described = (ours.dataset, ours.build, ours.software)
    triples = documents.closure([ox.NamedNode(str(node)) for node in described])
    for file in downloads:
        if file.name == "void.ttl" and file.expected is not None:
            triples.extend(sorted(file.expected, key=str))
    return triples
