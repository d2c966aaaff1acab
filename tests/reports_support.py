"""Helpers for the report tests: fixture project copies and small model factories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from svg_rdf.model import (
    Claim,
    Curation,
    Entity,
    Evidence,
    ItemValue,
    Place,
    Property,
    Qualifier,
    QuantityValue,
    SourceDocument,
    Value,
)

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
REPORT_CASES = ("reports-agree", "reports-basic")
REPORT_FILES = tuple(
    f"{name}.{ext}"
    for name in ("conflicts", "coverage", "reconciliation")
    for ext in ("md", "json")
)
UPDATE_GOLDEN = os.environ.get("SVG_RDF_UPDATE_GOLDEN") == "1"


def copy_fixture(case: str, target: Path) -> Path:
    """A fresh copy of the self-contained fixture project tests/data/<case>."""
    shutil.copytree(DATA / case, target, ignore=shutil.ignore_patterns("output"))
    return target


def check_golden(case: str, produced: dict[str, bytes]) -> None:
    """Compare with tests/golden/<case>/ byte for byte; `pytest --update-golden` rewrites."""
    folder = GOLDEN / case
    if UPDATE_GOLDEN:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in produced.items():
            (folder / name).write_bytes(data)
    expected = {name: (folder / name).read_bytes() for name in produced}
    for name in produced:
        assert produced[name] == expected[name], (
            f"{case}/{name} differs: run pytest --update-golden and review the diff"
        )


PROPERTIES = (
    # the reference properties, which planning the QuickStatements file needs
    Property("P143", "imported from Wikimedia project", "wikibase-item", "test"),
    Property("P248", "stated in", "wikibase-item", "test"),
    Property("P813", "retrieved", "time", "test"),
    Property("P854", "reference URL", "url", "test"),
    Property("P1683", "quotation", "monolingualtext", "test"),
    Property("P4656", "Wikimedia import URL", "url", "test"),
    Property("P159", "headquarters location", "wikibase-item", "test"),
    Property("P518", "applies to part", "wikibase-item", "test"),
    Property("P571", "inception", "time", "test"),
    Property("P585", "point in time", "time", "test"),
    Property("P1120", "number of deaths", "quantity", "test"),
    Property("P1534", "end cause", "wikibase-item", "test"),
    Property("P1932", "stated as", "string", "test"),
    Property("P2124", "member count", "quantity", "test"),
    Property("P7452", "reason for preferred rank", "wikibase-item", "test"),
)


def source(stem: str, text: str) -> SourceDocument:
    return SourceDocument(
        stem=stem,
        filename=f"{stem}.txt",
        title=f"source {stem}",
        kind="test",
        language="en",
        license="https://creativecommons.org/licenses/by-sa/3.0/",
        sha256="0" * 64,
        text=text,
        path=Path(f"{stem}.txt"),
    )


def entity(slug: str, qid: str | None = None) -> Entity:
    return Entity(
        slug=slug,
        labels=(("en", slug.replace("-", " ").title()),),
        aliases=(),
        descriptions=(),
        kind="concept",
        place=Place("seeds/entities/test.toml", 1),
        qid=qid,
        qid_evidence=None if qid is None else "test evidence",
    )


def evidence(stem: str, text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(stem, quote, start, start + len(quote), "", "", Place("f.toml", 1))


def claim(
    pid: str,
    value: Value,
    *quotes: tuple[SourceDocument, str],
    qualifiers: tuple[Qualifier, ...] = (),
    rank: str = "normal",
    subject: str = "unit",
) -> Claim:
    return Claim(
        subject=subject,
        pid=pid,
        value=value,
        qualifiers=tuple(sorted(qualifiers, key=Qualifier.key)),
        rank=rank,
        evidence=tuple(evidence(doc.stem, doc.text, quote) for doc, quote in quotes),
        places=(Place("f.toml", 1),),
    )


def amount(number: int) -> QuantityValue:
    return QuantityValue(str(number))


def item(slug: str) -> ItemValue:
    return ItemValue(slug)


def curation(
    sources: tuple[SourceDocument, ...], claims: tuple[Claim, ...], *slugs: str
) -> Curation:
    """A curation of these sources and claims; `unit` and `slugs` are the entities."""
    entities = tuple(entity(slug) for slug in sorted({"unit", *slugs}))
    return Curation(sources, PROPERTIES, entities, claims)
