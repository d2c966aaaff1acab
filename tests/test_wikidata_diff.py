"""Wikidata diff: classification against small entity documents written for these tests."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from svg_rdf.errors import DataFileError
from svg_rdf.model import Curation, Qualifier, QuantityValue, TimeValue
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata.diff import (
    Diff,
    EntityDocument,
    counts,
    diff,
    load_documents,
    our_key,
    quickstatements,
    report,
)
from tests.quickstatements_v1 import Item, Statement, String, parse, parse_line

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "wikidata-diff" / "Q16666.json"
URL = "https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"


@pytest.fixture(scope="module")
def values() -> tuple[Curation, qs.QsSettings]:
    project = Project.at(DATA / "qs-values")
    return curate(project), qs.load_settings(project)


def documents(*paths: Path) -> dict[str, EntityDocument]:
    return load_documents(list(paths), [p.name for p in paths])


def statuses(result: Diff) -> dict[str, str]:
    return {f"{f.statement.claim.pid} {f.statement.value}": f.status for f in result.findings}


def run(values: tuple[Curation, qs.QsSettings], *paths: Path) -> Diff:
    return diff(values[0], values[1], documents(*paths))


def test_each_statement_is_classified(values: tuple[Curation, qs.QsSettings]) -> None:
    result = run(values, FIXTURE)
    assert statuses(result) == {
        "P1376 Q13426199": "new",
        "P17 Q13426199": "missing-reference",
        "P31 Q515": "referenced",
        "P571 +1360-00-00T00:00:00Z/8": "review",
        'P1448 zh:"南京市"': "review",
    }
    assert counts(result) == {"new": 1, "missing-reference": 1, "referenced": 1, "review": 2}
    # the created item's statements are not compared: the subject is not on Wikidata yet
    assert len(result.unchecked) == 8
    assert {why for _, why in result.unchecked} == {"subject has no Q-id: wikidata.qs creates it"}


def test_only_new_statements_and_missing_references_are_emitted(
    values: tuple[Curation, qs.QsSettings],
) -> None:
    result = run(values, FIXTURE)
    commands = parse(quickstatements(result).decode("utf-8"))
    assert [(c.item, c.property) for c in commands if isinstance(c, Statement)] == [
        ("Q16666", "P1376"),
        ("Q16666", "P17"),
    ]
    reference_line = commands[1]
    assert isinstance(reference_line, Statement)
    assert reference_line.value == Item("Q13426199")
    assert reference_line.qualifiers == () and reference_line.rank == "normal"
    (group,) = reference_line.references
    assert group[:2] == (("P143", Item("Q328")), ("P4656", String(URL)))


def test_review_report_lists_why(values: tuple[Curation, qs.QsSettings]) -> None:
    text = report(run(values, FIXTURE)).decode("utf-8")
    assert "1 new, 1 missing-reference, 1 referenced, 2 review; 8 not compared" in text
    assert "Wikidata has P571 = +1368-00-00T00:00:00Z/9 instead" in text
    assert "Wikidata has this value with deprecated rank" in text
    assert text.index("## Review by hand") < text.index("## New statements")


def test_without_a_document_nothing_is_compared(
    values: tuple[Curation, qs.QsSettings], tmp_path: Path
) -> None:
    other = tmp_path / "Q649.json"
    other.write_text(json.dumps({"entities": {"Q649": {"id": "Q649", "claims": []}}}))
    result = run(values, other)
    assert result.findings == ()
    assert "no entity document was given for Q16666" in {why for _, why in result.unchecked}
    assert quickstatements(result) == b""


# -- documents edited for one case each ----------------------------------------------------


def edited(tmp_path: Path, change: Any) -> Path:
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    change(document["entities"]["Q16666"])
    path = tmp_path / "Q16666.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def claims(entity: dict[str, Any]) -> dict[str, list[Any]]:
    result: dict[str, list[Any]] = entity["claims"]
    return result


def test_the_same_value_twice_is_for_review(
    values: tuple[Curation, qs.QsSettings], tmp_path: Path
) -> None:
    path = edited(tmp_path, lambda e: claims(e)["P17"].append(copy.deepcopy(claims(e)["P17"][0])))
    result = run(values, path)
    assert statuses(result)["P17 Q13426199"] == "review"
    assert b"\tP17\t" not in quickstatements(result)


def test_a_time_written_otherwise_is_for_review(
    values: tuple[Curation, qs.QsSettings], tmp_path: Path
) -> None:
    def decade(entity: dict[str, Any]) -> None:
        value = claims(entity)["P571"][0]["mainsnak"]["datavalue"]["value"]
        value.update(time="+1360-01-01T00:00:00Z", precision=8)

    finding = next(
        f for f in run(values, edited(tmp_path, decade)).findings if f.statement.claim.pid == "P571"
    )
    assert finding.status == "review"
    assert "QuickStatements would not match" in finding.detail

    def same(entity: dict[str, Any]) -> None:
        value = claims(entity)["P571"][0]["mainsnak"]["datavalue"]["value"]
        value.update(time="+1360-00-00T00:00:00Z", precision=8)

    result = run(values, edited(tmp_path, same))
    assert statuses(result)["P571 +1360-00-00T00:00:00Z/8"] == "missing-reference"


def test_a_different_item_value_is_new_and_named(
    values: tuple[Curation, qs.QsSettings], tmp_path: Path
) -> None:
    def capital_of_china(entity: dict[str, Any]) -> None:
        snak = copy.deepcopy(claims(entity)["P17"][0])
        snak["mainsnak"]["property"] = "P1376"
        snak["mainsnak"]["datavalue"]["value"] = {"entity-type": "item", "numeric-id": 148}
        claims(entity)["P1376"] = [snak]

    result = run(values, edited(tmp_path, capital_of_china))
    finding = next(f for f in result.findings if f.statement.claim.pid == "P1376")
    assert (finding.status, finding.detail) == ("new", "Wikidata also has P1376: Q148")


def with_qualifier(curation: Curation, pid: str, qualifier: Qualifier) -> Curation:
    claims_ = tuple(
        replace(c, qualifiers=(qualifier,)) if (c.subject, c.pid) == ("nanjing", pid) else c
        for c in curation.claims
    )
    return replace(curation, claims=claims_)


def test_qualifiers_tell_statements_apart(
    values: tuple[Curation, qs.QsSettings], tmp_path: Path
) -> None:
    curation, settings = values
    ours = with_qualifier(curation, "P31", Qualifier("P580", TimeValue(1937, 0, 0, 9)))

    def started(year: str) -> Any:
        def change(entity: dict[str, Any]) -> None:
            main = copy.deepcopy(claims(entity)["P571"][0]["mainsnak"])
            main["property"] = "P580"
            main["datavalue"]["value"]["time"] = f"+{year}-00-00T00:00:00Z"
            claims(entity)["P31"][0]["qualifiers"] = {"P580": [main]}

        return change

    other = diff(ours, settings, documents(edited(tmp_path, started("1950"))))
    assert statuses(other)["P31 Q515"] == "review"
    same = diff(ours, settings, documents(edited(tmp_path, started("1937"))))
    assert statuses(same)["P31 Q515"] == "referenced"
    lacking = diff(ours, settings, documents(FIXTURE))
    finding = next(f for f in lacking.findings if f.statement.claim.pid == "P31")
    assert (finding.status, finding.detail) == ("referenced", "Wikidata lacks our qualifiers P580")

    # a different literal value in another context (qualifiers differ) is a new statement
    dated = with_qualifier(curation, "P571", Qualifier("P580", TimeValue(1937, 0, 0, 9)))

    def dated_founding(entity: dict[str, Any]) -> None:
        started("1950")(entity)
        claims(entity)["P571"][0]["qualifiers"] = claims(entity)["P31"][0]["qualifiers"]

    result = diff(dated, settings, documents(edited(tmp_path, dated_founding)))
    assert statuses(result)["P571 +1360-00-00T00:00:00Z/8"] == "new"


def test_quantities_compare_amount_bounds_and_unit(tmp_path: Path) -> None:
    ours = our_key(QuantityValue("450", "440", "460"), {})
    one = "http://www.wikidata.org/entity/Q11573"
    cases = [
        ({"amount": "+450", "lowerBound": "+440", "upperBound": "+460", "unit": "1"}, True),
        ({"amount": "+450.0", "lowerBound": "440", "upperBound": "460.00", "unit": "1"}, True),
        ({"amount": "+450", "unit": "1"}, False),
        ({"amount": "+450", "lowerBound": "+440", "upperBound": "+461", "unit": "1"}, False),
        ({"amount": "+450", "lowerBound": "+440", "upperBound": "+460", "unit": one}, False),
    ]
    for value, equal in cases:
        main = {"snaktype": "value", "datavalue": {"type": "quantity", "value": value}}
        entity = {"id": "Q1", "claims": {"P2124": [{"mainsnak": main, "rank": "normal"}]}}
        path = tmp_path / "Q1.json"
        path.write_text(json.dumps({"entities": {"Q1": entity}}), encoding="utf-8")
        (statement,) = documents(path)["Q1"].claims["P2124"]
        assert (statement.value == ours) is equal, value


def test_times_compare_to_their_precision() -> None:
    year = our_key(TimeValue(1937, 10, 3, 9), {})
    assert year == our_key(TimeValue(1937, 0, 0, 9), {})
    assert year != our_key(TimeValue(1937, 0, 0, 10), {})
    assert our_key(TimeValue(1931, 0, 0, 8), {}) == our_key(TimeValue(1939, 0, 0, 8), {})
    assert our_key(TimeValue(1901, 0, 0, 7), {}) == our_key(TimeValue(2000, 0, 0, 7), {})


def test_redirects_and_numeric_ids_are_understood(tmp_path: Path) -> None:
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    entity = document["entities"].pop("Q16666")
    del claims(entity)["P31"][0]["mainsnak"]["datavalue"]["value"]["id"]
    document["entities"]["Q999"] = entity  # a redirect: the page asked for names Q999
    path = tmp_path / "Q999.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = documents(path)
    assert set(loaded) == {"Q999", "Q16666"}
    assert loaded["Q16666"].claims["P31"][0].value == ("item", "Q515")


# -- bad documents ------------------------------------------------------------------------


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(DataFileError) as caught:
        documents(DATA / "wikidata-diff" / "malformed.json")
    assert str(caught.value).startswith("malformed.json:4:15: malformed JSON: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", 'no "entities" object'),
        ('{"entities": {"Q1": {"id": "P31"}}}', "an entity without an item id"),
        ('{"entities": {"Q1": {"id": "Q1", "claims": {"P31": {}}}}}', "not a list"),
        ('{"entities": {"Q1": {"id": "Q1", "claims": {"P31": [{}]}}}}', "has no mainsnak"),
        (
            '{"entities": {"Q1": {"id": "Q1", "claims": {"P31": [{"mainsnak": '
            '{"datavalue": {"type": "time", "value": {"time": "1937"}}}}]}}}}',
            "a time value of Q1 P31 is incomplete",
        ),
    ],
)
def test_documents_of_another_shape_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="not a Special:EntityData document") as caught:
        documents(path)
    assert message in str(caught.value)


def test_the_reader_parses_the_emitted_reference_line(
    values: tuple[Curation, qs.QsSettings],
) -> None:
    line = quickstatements(run(values, FIXTURE)).decode("utf-8").splitlines()[1]
    assert isinstance(parse_line(1, line), Statement)


def test_a_value_quickstatements_would_confuse_with_ours_is_for_review(
    values: tuple[Curation, qs.QsSettings], tmp_path: Path
) -> None:
    """QuickStatements matches quantities by amount only: 450 on Wikidata takes our 450~10."""
    curation, settings = values
    template = next(c for c in curation.claims if c.subject == "nanjing")
    counted = replace(
        template,
        pid="P2124",
        value=QuantityValue("450", "440", "460"),
        qualifiers=(Qualifier("P585", TimeValue(1937, 10, 0, 10)),),
    )
    ours = replace(curation, claims=(*curation.claims, counted))

    def members(entity: dict[str, Any]) -> None:
        value = {"amount": "+450", "unit": "1"}
        main = {"snaktype": "value", "datavalue": {"type": "quantity", "value": value}}
        claims(entity)["P2124"] = [{"mainsnak": main, "rank": "normal"}]

    result = diff(ours, settings, documents(edited(tmp_path, members)))
    finding = next(f for f in result.findings if f.statement.claim.pid == "P2124")
    assert finding.status == "review"
    assert "QuickStatements would take it for 450~10" in finding.detail


def test_the_real_quickstatements_parser_reads_the_diff_output(
    values: tuple[Curation, qs.QsSettings],
) -> None:
    """0 errors; a new statement with its qualifiers and references, a missing reference
    alone, each reference as its own block."""
    from tests import qs_oracle
    from tests.test_quickstatements import datavalue, oracle_meaning, reference_value

    curation = values[0]
    result = run(values, FIXTURE)
    meaning = qs_oracle.read(quickstatements(result).decode("utf-8"))
    entities = {e.slug: e for e in curation.entities}
    languages = {s.stem: s.language for s in curation.sources}
    expected = {}
    for finding in result.findings:
        if finding.emit is None:
            continue
        statement = finding.statement
        claim = statement.claim
        new = finding.status == "new"
        qualifiers = (
            {(q.pid, datavalue(q.value, entities)) for q in claim.qualifiers} if new else set()
        )
        key = (statement.subject, claim.pid, datavalue(claim.value, entities))
        blocks = sorted(
            tuple(
                sorted(
                    (
                        (s.pid, reference_value(s.pid, s.plain, languages[g.source]))
                        for s in g.snaks
                    ),
                    key=repr,
                )
            )
            for g in statement.references
        )
        expected[key] = (qualifiers, blocks)
    assert set(oracle_meaning(meaning)) == set(expected)
    for key, (qualifiers, blocks) in oracle_meaning(meaning).items():
        assert qualifiers == expected[key][0]
        # a missing-reference line carries only the references Wikidata lacks
        assert blocks and set(blocks) <= set(expected[key][1])
