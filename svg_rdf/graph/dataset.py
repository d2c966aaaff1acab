"""Dataset: seeds/dataset.toml + the built graph -> the one node describing the publication.

Counts are computed from the graph they describe (the count triples included). The
build time is written only when SOURCE_DATE_EPOCH is set, so output stays reproducible.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from svg_rdf import __version__
from svg_rdf.curation.datafile import Table, check_top_level, load_toml
from svg_rdf.errors import DataFileError
from svg_rdf.graph.vocab import (
    DCAT,
    DCTERMS,
    PROV,
    RDF,
    SCHEMA,
    VOID,
    XSD,
    OurNamespaces,
)
from svg_rdf.model import Curation
from svg_rdf.project import Project


@dataclass(frozen=True)
class DatasetSettings:
    title: str
    description: str
    license: str
    base_iri: str


def load_settings(project: Project) -> DatasetSettings:
    """The dataset settings; raises DataFileError when the file is missing or malformed."""
    path = project.seeds / "dataset.toml"
    display = project.relative(path)
    document, lines = load_toml(path, display)
    check_top_level(document, display, ["title", "description", "license", "base_iri"])
    table = Table(document, display, 1, len(lines) + 1, lines)
    base = table.text("base_iri")
    if not re.match(r"^https?://[^\s<>\"]+/$", base):
        raise table.error(f"base_iri {base!r} must be an http(s) IRI ending in '/'", key="base_iri")
    return DatasetSettings(
        table.text("title"), table.text("description"), table.text("license"), base
    )


def source_date() -> dt.datetime | None:
    """The time given by SOURCE_DATE_EPOCH, if set; raises DataFileError if malformed."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not value.isdigit():
        raise DataFileError(
            f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds",
            path="environment",
            fix="unset it or give seconds since 1970",
        )
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def describe(
    graph: Graph, curation: Curation, settings: DatasetSettings, ours: OurNamespaces
) -> None:
    """Add the dataset node, its build activity and its counts to `graph`."""
    node, build, tool = ours.dataset, ours.build, ours.software
    add = graph.add
    add((node, RDF.type, VOID.Dataset))
    add((node, RDF.type, DCAT.Dataset))
    add((node, DCTERMS.title, Literal(settings.title, lang="en")))
    add((node, DCTERMS.description, Literal(settings.description, lang="en")))
    add((node, DCTERMS.license, URIRef(settings.license)))
    add((node, VOID.uriSpace, Literal(ours.base)))
    for source in curation.sources:
        add((node, DCTERMS.source, ours.source[source.stem]))
        add((build, PROV.used, ours.source[source.stem]))
    add((node, PROV.wasGeneratedBy, build))
    add((build, RDF.type, PROV.Activity))
    add((build, PROV.wasAssociatedWith, tool))
    add((tool, RDF.type, PROV.SoftwareAgent))
    add((tool, SCHEMA.name, Literal("svg-rdf")))
    add((tool, SCHEMA.softwareVersion, Literal(__version__)))
    when = source_date()
    if when is not None:
        stamp = Literal(when.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime, normalize=False)
        add((build, PROV.endedAtTime, stamp))
        add((node, DCTERMS.issued, stamp))
    predicates = {p for _, p, _ in graph} | {VOID.entities, VOID.properties, VOID.triples}
    counts = {
        VOID.entities: len(curation.entities),
        VOID.properties: len(predicates),
        VOID.triples: len(graph) + 3,  # the three count triples included
    }
    for predicate, number in counts.items():
        add((node, predicate, Literal(str(number), datatype=XSD.integer, normalize=False)))
