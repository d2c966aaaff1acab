"""Dataset: the settings + the built graph -> the one node describing the publication.

Counts are computed from the graph they describe (the count triples included). The
build time is written only when SOURCE_DATE_EPOCH is set, so output stays reproducible.
"""

from __future__ import annotations

import datetime as dt
import os

from rdflib import Literal, URIRef

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
    Triple,
)
from svg_rdf.model import Curation
from svg_rdf.settings import Settings
from svg_rdf.version import __version__


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
    graph: dict[Triple, None], curation: Curation, settings: Settings, ours: OurNamespaces
) -> None:
    """Add the dataset node, its build activity and its counts to the triples of `graph`
    (an insertion-ordered set, as graph.mapping.map_triples gives)."""
    node, build, tool = ours.dataset, ours.build, ours.software

    def add(triple: Triple) -> None:
        graph[triple] = None

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
