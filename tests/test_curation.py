"""Curation stage: sources, entities, facts and infobox rows become verified Claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from svg_rdf.curation.evidence import QuoteProblem, locate, occurrences
from svg_rdf.curation.infobox import infobox_lines
from svg_rdf.curation.sources import load_sources
from svg_rdf.curation.values import BadValue, canonical_decimal, parse_value
from svg_rdf.errors import EvidenceError, SourceError
from svg_rdf.model import ItemValue, Place, QuantityValue, StringValue, TimeValue
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from tests.conftest import REPO


def claims_of(project_dir: Path, pid: str) -> list:  # type: ignore[type-arg]
    curation = curate(Project.at(project_dir))
    return [c for c in curation.claims if c.pid == pid]


def test_every_evidence_span_is_its_quote(project_dir: Path) -> None:
    curation = curate(Project.at(project_dir))
    texts = {s.stem: s.text for s in curation.sources}
    spans = [e for c in curation.claims for e in c.evidence]
    assert spans
    for evidence in spans:
        assert texts[evidence.source][evidence.start : evidence.end] == evidence.quote
        assert texts[evidence.source][: evidence.start].endswith(evidence.prefix)
        assert texts[evidence.source][evidence.end :].startswith(evidence.suffix)


def test_context_picks_the_occurrence_it_contains(project_dir: Path) -> None:
    (evidence,) = [
        e
        for c in claims_of(project_dir, "P159")
        for e in c.evidence
        if e.quote == "It flew from Beta Town"
    ]
    source = load_sources(Project.at(project_dir))[0].text
    # the context "It flew from Beta Town. It" selects the first of the two occurrences
    assert occurrences(source, evidence.quote) == [evidence.start, source.rindex(evidence.quote)]


def test_infobox_rows_become_claims_with_their_line_as_evidence(project_dir: Path) -> None:
    curation = curate(Project.at(project_dir))
    by_pid = {}
    for claim in curation.claims:
        by_pid.setdefault(claim.pid, []).append(claim)
    assert [c.value for c in by_pid["P576"]] == [TimeValue(1940, 0, 0, 9)]
    assert by_pid["P576"][0].evidence[0].quote == "Dates: 1938\u20131940"
    size = by_pid["P2124"][0]
    assert size.value == QuantityValue("120")
    assert [(q.pid, q.value) for q in size.qualifiers] == [
        ("P1932", StringValue("120 pilots (peak)"))
    ]
    garrisons = sorted(c.value.slug for c in by_pid["P159"])  # type: ignore[union-attr]
    assert garrisons == ["alpha-town", "beta-town"]  # beta-town: infobox + prose merged


def test_same_statement_from_two_places_is_merged(project_dir: Path) -> None:
    # the infobox garrison claim and the prose one differ only in their evidence
    merged = [c for c in claims_of(project_dir, "P159") if c.value == ItemValue("beta-town")]
    assert len(merged) == 1
    assert len(merged[0].evidence) == 2
    assert len(merged[0].places) == 2


def test_real_infobox_is_read_from_the_seed() -> None:
    text = (REPO / "seeds" / "001_fac9f245705e1fde.txt").read_text(encoding="utf-8")
    rows = infobox_lines(text, "- ")
    assert [r.key for r in rows] == [
        "Unit Name",
        "Dates",
        "Branch",
        "Size",
        "Garrison",
        "Battles",
        "Aircraft Bomber",
        "Aircraft Fighter",
    ]
    for row in rows:
        assert text[row.start : row.end] == f"{row.key}: {row.value}"


@pytest.mark.parametrize(
    ("spec", "datatype", "expected"),
    [
        (1937, "time", TimeValue(1937, 0, 0, 9)),
        ("1937-10", "time", TimeValue(1937, 10, 0, 10)),
        ("1937-12-13", "time", TimeValue(1937, 12, 13, 11)),
        ({"value": "1930", "precision": 8}, "time", TimeValue(1930, 0, 0, 8)),
        ("3,665", "quantity", QuantityValue("3665")),
        ({"value": 450, "lower": 400}, "quantity", QuantityValue("450", "400", None)),
        ("0.50", "quantity", QuantityValue("0.5")),
        ("x", "string", StringValue("x")),
    ],
)
def test_values_are_read_by_datatype(spec: object, datatype: str, expected: object) -> None:
    assert parse_value(spec, datatype, entities=set()) == expected


@pytest.mark.parametrize(
    ("spec", "datatype"),
    [
        ("1937-02-30", "time"),
        ("37", "time"),
        ({"value": "1937", "precision": 11}, "time"),
        (True, "quantity"),
        ("12 men", "quantity"),
        ({"value": 5, "lower": 6}, "quantity"),
        ("nowhere", "wikibase-item"),
        (3, "string"),
        ("ftp://x", "url"),
        ({"value": "x", "language": "EN!"}, "monolingualtext"),
    ],
)
def test_bad_values_are_refused(spec: object, datatype: str) -> None:
    with pytest.raises(BadValue):
        parse_value(spec, datatype, entities={"somewhere"})


def test_a_quantity_takes_a_unit_entity_by_slug() -> None:
    value = parse_value({"value": 3, "unit": "percent"}, "quantity", entities={"percent"})
    assert value == QuantityValue("3", unit="percent")
    assert value.key() == ("quantity", "3", "", "", "percent")
    assert QuantityValue("3").key() == ("quantity", "3", "", "")  # old keys stay as they were
    for unit in ("per cent", 3):
        with pytest.raises(BadValue) as caught:
            parse_value({"value": 3, "unit": unit}, "quantity", entities={"percent"})
        assert caught.value.key == "unit"


def test_decimals_are_canonical() -> None:
    assert canonical_decimal("+007") == "7"
    assert canonical_decimal("1,200") == "1200"
    assert canonical_decimal("-0") == "0"
    assert canonical_decimal("1e3") is None


def test_locate_refuses_absent_and_ambiguous(project_dir: Path) -> None:
    source = load_sources(Project.at(project_dir))[0]
    place = Place("f.toml", 1)
    with pytest.raises(QuoteProblem, match="not found"):
        locate(source, "no such words", None, place)
    with pytest.raises(QuoteProblem, match="3 times"):
        locate(source, "Beta Town", None, place)
    with pytest.raises(QuoteProblem, match="context does not contain the quote"):
        locate(source, "Beta Town", "Alpha Town", place)


def test_missing_source_file_is_a_source_error(project_dir: Path) -> None:
    (project_dir / "seeds" / "alpha.txt").unlink()
    with pytest.raises(SourceError, match="source file not found"):
        load_sources(Project.at(project_dir))


def test_evidence_error_names_the_line(project_dir: Path) -> None:
    facts = project_dir / "seeds" / "facts" / "squadron.toml"
    facts.write_text(facts.read_text().replace("The Test Squadron", "The Best Squadron"))
    with pytest.raises(EvidenceError) as info:
        curate(Project.at(project_dir))
    assert (
        info.value.line
        == facts.read_text()
        .splitlines()
        .index('evidence = [{ source = "alpha", quote = "The Best Squadron" }]')
        + 1
    )
