"""Fact coverage: numbers and names in cited sentences are carried, declared or listed."""

from __future__ import annotations

import pytest

from svg_rdf.errors import DataFileError
from svg_rdf.model import (
    Entity,
    NoFact,
    Place,
    Qualifier,
    QuantityValue,
    StringValue,
    TimeValue,
)
from svg_rdf.reports import coverage
from svg_rdf.reports.facts import CARRIED, DECLARED, MISSING, find_facts
from svg_rdf.reports.sentences import split
from tests.reports_support import amount, claim, curation, item, source

TEXT = source(
    "doc",
    "By 1941 the Alpha Wing had 3,665 men and 885 aircraft. At 10:00 it flew I-16 fighters "
    "from Nanjing. Loans of 50 and 150 million $ at 3% came in 1938. Over 99% of it was "
    "in Taiwan; the ratio was 13:1.",
)


def named(slug: str, label: str, kind: str = "place") -> Entity:
    return Entity(slug, (("en", label),), (), (), kind, Place("e.toml", 1))


def facts_of(*claims, declarations=()):  # type: ignore[no-untyped-def]
    cur = curation((TEXT,), tuple(claims), "wing", "nanjing", "taiwan")
    entities = (
        named("wing", "Alpha Wing", "unit"),
        named("nanjing", "Nanjing"),
        named("taiwan", "Taiwan"),
        named("fighter", "Fighter", "class"),  # classes are no names
    )
    cur = cur.__class__(cur.sources, cur.properties, entities, cur.claims)
    cited = [s for s in split(TEXT.text) if not s.heading]
    return {(f.kind, f.text): f for f in find_facts(TEXT, cited, cur, declarations)}


def test_numbers_and_names_are_found_but_not_digits_of_designations() -> None:
    found = facts_of()
    assert sorted(text for kind, text in found if kind == "number") == sorted(
        ["1941", "3,665", "885", "10:00", "50", "150", "3", "1938", "99", "13:1"]
    )
    assert sorted(text for kind, text in found if kind == "entity") == [
        "Alpha Wing",
        "Nanjing",
        "Taiwan",
    ]
    assert all(f.status == MISSING for f in found.values())


def test_a_statement_citing_the_sentence_carries_its_facts() -> None:
    men = claim(
        "P2124",
        amount(3665),
        (TEXT, "3,665 men"),
        qualifiers=(Qualifier("P585", TimeValue(1941, 0, 0, 9)),),
        subject="wing",
    )
    loans = claim("P2124", amount(150000000), (TEXT, "150 million"))
    share = claim(
        "P1932",
        StringValue("13:1"),
        (TEXT, "ratio was 13:1"),
        qualifiers=(Qualifier("P1114", QuantityValue("0.99", unit="taiwan")),),
    )
    base = claim("P159", item("nanjing"), (TEXT, "from Nanjing"))
    found = facts_of(men, loans, share, base)
    for key in (
        ("number", "3,665"),
        ("number", "1941"),
        ("entity", "Alpha Wing"),  # the subject
        ("number", "150"),  # in millions: the sentence says so
        ("entity", "Taiwan"),  # a unit is carried as well
        ("number", "13:1"),  # inside a string value
        ("number", "99"),  # a proportion carries a percentage
        ("entity", "Nanjing"),
    ):
        assert found[key].status == CARRIED, key
    assert found[("number", "885")].status == MISSING  # same sentence, no statement holds it
    assert found[("number", "50")].status == MISSING


def declaration(sentence: str, fact: str) -> NoFact:
    return NoFact("doc", sentence, "a time of day", Place("seeds/coverage.toml", 3), 2, fact)


def test_a_declared_fact_is_listed_with_its_reason() -> None:
    found = facts_of(declarations=(declaration("At 10:00 it flew", "10:00"),))
    assert found[("number", "10:00")].status == DECLARED
    assert found[("number", "10:00")].reason == "a time of day"
    assert found[("number", "10:00")].declared_at == "seeds/coverage.toml:3"


@pytest.mark.parametrize(
    ("sentence", "fact"), [("At 10:00 it flew", "11:00"), ("By 1941", "10:00")]
)
def test_a_declaration_that_matches_no_uncarried_fact_is_an_error(sentence: str, fact: str) -> None:
    with pytest.raises(DataFileError, match=r"seeds/coverage\.toml:3: no cited sentence"):
        facts_of(declarations=(declaration(sentence, fact),))


def test_the_report_counts_facts_per_source() -> None:
    cur = curation((TEXT,), (claim("P2124", amount(885), (TEXT, "885 aircraft")),))
    document = coverage.report(cur, ())
    counts = document["sources"][0]["counts"]
    assert counts["facts"] == counts["facts_carried"] + counts["facts_needs_curation"]
    assert counts["facts_carried"] >= 1 and counts["facts_needs_curation"] >= 1
    text = coverage.markdown(document)
    assert "### Facts in cited sentences: needs curation" in text
