"""Site: the pages that are not about one entity or source — home, index by kind,
sources, conflicts, dataset (VoID/DCAT and downloads with checksums) and search: their view
models (templates/home.html, entities.html, ... are their markup) and the search index."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from svg_rdf.export.writer import OutputFile
from svg_rdf.reports.conflicts import OPEN, REVIEWED
from svg_rdf.site.data import SiteData
from svg_rdf.site.entity import ConflictView, conflict_view
from svg_rdf.site.numbers import grouped
from svg_rdf.site.views import NumberView, number_view

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


@dataclass(frozen=True)
class HomePage:
    title: str
    description: str
    entities: str  # counts, grouped
    statements: str
    sources: str
    open: str


def home_page(data: SiteData, *, title: str, description: str) -> HomePage:
    return HomePage(
        title,
        description,
        grouped(str(len(data.curation.entities))),
        grouped(str(len(data.curation.claims))),
        grouped(str(len(data.curation.sources))),
        grouped(str(sum(c.status == OPEN for c in data.conflicts))),
    )


@dataclass(frozen=True)
class Listed:
    slug: str
    label: str
    statements: int


@dataclass(frozen=True)
class Kind:
    kind: str
    title: str
    entities: tuple[Listed, ...]


@dataclass(frozen=True)
class EntitiesPage:
    kinds: tuple[Kind, ...]


def entities_page(data: SiteData) -> EntitiesPage:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for entity in data.curation.entities:
        by_kind[entity.kind].append(entity.slug)
    return EntitiesPage(
        tuple(
            Kind(
                kind,
                kind_title(kind),
                tuple(
                    Listed(slug, data.label(slug), len(data.outgoing.get(slug, [])))
                    for slug in sorted(by_kind[kind], key=lambda s: (data.label(s).casefold(), s))
                ),
            )
            for kind in sorted(by_kind, key=kind_title)
        )
    )


@dataclass(frozen=True)
class SourceListed:
    stem: str
    title: str
    quotes: int


@dataclass(frozen=True)
class SourcesPage:
    sources: tuple[SourceListed, ...]


def sources_page(data: SiteData) -> SourcesPage:
    return SourcesPage(
        tuple(
            SourceListed(stem, data.sources[stem].title, len(data.citing.get(stem, {})))
            for stem in sorted(data.sources)
        )
    )


@dataclass(frozen=True)
class ConflictsPage:
    open: int
    resolved: int
    reviewed: int
    conflicts: tuple[ConflictView, ...]


def conflicts_page(data: SiteData) -> ConflictsPage:
    return ConflictsPage(
        sum(c.status == OPEN for c in data.conflicts),
        sum(1 for c in data.conflicts if c.status == "resolved by rank"),
        sum(1 for c in data.conflicts if c.status == REVIEWED),
        tuple(
            conflict_view(data, conflict, number, root="", heading=True)
            for number, conflict in enumerate(data.conflicts, 1)
        ),
    )


@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    size: NumberView
    sha256: str


@dataclass(frozen=True)
class DatasetPage:
    title: str
    description: str
    iri: str
    license: str
    downloads: tuple[Download, ...]
    turtle: str  # the dataset's description (VoID and DCAT)


def dataset_page(
    *,
    title: str,
    description: str,
    license_iri: str,
    iri: str,
    downloads: Sequence[OutputFile],
    description_turtle: bytes,
) -> DatasetPage:
    return DatasetPage(
        title,
        description,
        iri,
        license_iri,
        tuple(
            Download(
                file.name,
                file.media_type,
                number_view(str(len(file.data))),
                hashlib.sha256(file.data).hexdigest(),
            )
            for file in downloads
        ),
        description_turtle.decode("utf-8"),
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
