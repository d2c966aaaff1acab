"""Small in-memory curations for site tests: entities, sources and claims built by hand, so
a test can hold exactly the dates, amounts and hostile strings it checks."""

from __future__ import annotations

from pathlib import Path

from svg_rdf.model import (
    Claim,
    Curation,
    Entity,
    Evidence,
    Place,
    Property,
    Qualifier,
    SourceDocument,
    Value,
)

PLACE = Place("seeds/facts/test.toml", 1)
PROPERTIES = (
    Property("P31", "instance of", "wikibase-item", "test"),
    Property("P569", "date of birth", "time", "test"),
    Property("P570", "date of death", "time", "test"),
    Property("P571", "inception", "time", "test"),
    Property("P580", "start time", "time", "test"),
    Property("P582", "end time", "time", "test"),
    Property("P585", "point in time", "time", "test"),
    Property("P607", "conflict", "wikibase-item", "test"),
    Property("P1120", "number of deaths", "quantity", "test"),
    Property("P2130", "cost", "quantity", "test"),
)


def entity(slug: str, label: str, kind: str = "person") -> Entity:
    return Entity(slug, (("en", label),), (), (), kind, PLACE)


def source(stem: str, title: str, text: str) -> SourceDocument:
    return SourceDocument(
        stem=stem,
        filename=f"{stem}.txt",
        title=title,
        kind="encyclopedia",
        language="en",
        license="https://creativecommons.org/licenses/by-sa/4.0/",
        sha256="0" * 64,
        text=text,
        path=Path(f"seeds/{stem}.txt"),
    )


def quoted(doc: SourceDocument, quote: str) -> Evidence:
    start = doc.text.index(quote)
    end = start + len(quote)
    return Evidence(
        doc.stem, quote, start, end, doc.text[max(0, start - 8) : start], doc.text[end:][:8], PLACE
    )


def claim(
    subject: str,
    pid: str,
    value: Value,
    *evidence: Evidence,
    qualifiers: tuple[Qualifier, ...] = (),
    rank: str = "normal",
) -> Claim:
    return Claim(subject, pid, value, qualifiers, rank, evidence, (PLACE,))


def curation(
    entities: list[Entity], sources: list[SourceDocument], claims: list[Claim]
) -> Curation:
    return Curation(tuple(sources), PROPERTIES, tuple(entities), tuple(claims))
