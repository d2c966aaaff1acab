"""Reports: conflicts, sentence coverage and reconciliation on fixture projects and factories."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svg_rdf import reports
from svg_rdf.api import build
from svg_rdf.curation.coverage import load_declarations
from svg_rdf.errors import DataFileError
from svg_rdf.model import Curation, NoFact, Place, Qualifier, StringValue
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.reports import conflicts_document, coverage, reconciliation
from svg_rdf.wikidata_settings import QsSettings
from tests.reports_support import (
    REPORT_CASES,
    REPORT_FILES,
    amount,
    check_golden,
    claim,
    copy_fixture,
    curation,
    item,
    source,
)


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Curation]:
    root = copy_fixture("reports-basic", tmp_path_factory.mktemp("basic") / "project")
    project = Project.at(root)
    return project, curate(project)


def doc(name: str, fixture: tuple[Project, Curation]) -> dict[str, Any]:
    return reports.document(name, *fixture, QsSettings())


# --- golden files and the build ----------------------------------------------------------


@pytest.mark.parametrize("case", REPORT_CASES)
def test_build_writes_the_six_reports_as_golden(case: str, tmp_path: Path) -> None:
    root = copy_fixture(case, tmp_path / "project")
    built = build(Project.at(root))
    assert built.report.passes
    written = {name: (root / "output" / name).read_bytes() for name in REPORT_FILES}
    check_golden(case, written)
    media = {file.name: file.media_type for file in built.files}
    assert media["conflicts.md"].startswith("text/markdown")
    assert media["coverage.json"] == "application/json"


@pytest.mark.parametrize("case", REPORT_CASES)
def test_json_and_markdown_come_from_the_same_data(case: str, tmp_path: Path) -> None:
    project = Project.at(copy_fixture(case, tmp_path / "project"))
    files = {f.name: f.data for f in reports.render_reports(project, curate(project), QsSettings())}
    for name in reports.NAMES:
        data = json.loads(files[f"{name}.json"])
        assert reports.render(name, data, "markdown") == files[f"{name}.md"]


def test_report_bytes_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "4242"):
        root = copy_fixture("reports-basic", tmp_path / seed)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "svg_rdf", "build", "--project", str(root)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append({name: (root / "output" / name).read_bytes() for name in REPORT_FILES})
    assert outputs[0] == outputs[1]


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_report_bytes_do_not_depend_on_input_order(rnd: random.Random) -> None:
    alpha = source("alpha", "It had 10 men. It had 12 men. It was based at Hankou.")
    beta = source("beta", "It had 11 men. It was based at Wuhan.")
    claims = [
        claim("P2124", amount(10), (alpha, "It had 10 men.")),
        claim("P2124", amount(12), (alpha, "12 men"), (beta, "11 men")),
        claim("P2124", amount(11), (beta, "It had 11 men.")),
        claim("P159", item("hankou"), (alpha, "Hankou")),
        claim("P159", item("wuhan"), (beta, "Wuhan")),
    ]
    ordered = curation((alpha, beta), tuple(claims), "hankou", "wuhan")
    shuffled_claims = list(claims)
    rnd.shuffle(shuffled_claims)
    shuffled = Curation(
        tuple(rnd.sample(ordered.sources, 2)),
        tuple(rnd.sample(ordered.properties, len(ordered.properties))),
        tuple(rnd.sample(ordered.entities, len(ordered.entities))),
        tuple(shuffled_claims),
    )
    assert reports.common.dumps(conflicts_document.report(ordered)) == reports.common.dumps(
        conflicts_document.report(shuffled)
    )
    assert reports.common.dumps(reconciliation.report(ordered, QsSettings())) == (
        reports.common.dumps(reconciliation.report(shuffled, QsSettings()))
    )
    assert coverage.report(ordered, ()) == coverage.report(shuffled, ())


# --- conflicts (rules one by one: tests/test_conflicts.py) ---------------------------------


def by_property(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["property"]: c for c in document["conflicts"]}


def test_planted_disagreements_are_reported(basic: tuple[Project, Curation]) -> None:
    document = doc("conflicts", basic)
    found = by_property(document)
    # P571 (both agree), P2124 (one value), P1120 (scopes differ) and P159 (several
    # values) are not conflicts
    assert sorted(found) == ["P576", "P740"]
    formation = found["P740"]
    assert formation["rule"] == "single-value" and formation["where"] == ["between sources"]
    assert formation["preferred"] == []
    values = {s["value"]["label"]: s for s in formation["statements"]}
    assert values["Nanjing"]["sources"] == ["alpha"]
    assert values["Lanzhou"]["sources"] == ["beta"]
    assert values["Lanzhou"]["evidence"][0]["quote"] == "formed in 1950\nat Lanzhou"
    assert values["Lanzhou"]["evidence"][0]["line"] == 3
    deaths = [n for n in document["not_conflicts"] if n["property"] == "P1120"]
    assert [(n["values"], n["rule"]) for n in deaths] == [(["12", "15"], "scope-differs")]
    assert document["summary"]["conflicts"] == 2


def test_two_values_in_one_source_of_a_single_valued_property(
    basic: tuple[Project, Curation],
) -> None:
    dissolved = by_property(doc("conflicts", basic))["P576"]
    assert dissolved["rule"] == "one-value-per-scope"
    assert dissolved["where"] == ["within alpha"]
    assert dissolved["pairs"] == [[1, 2]]


def test_an_infobox_list_beside_the_prose_of_a_multi_valued_property_is_no_conflict(
    basic: tuple[Project, Curation],
) -> None:
    # "Bases: Nanjing, Hankou" in the infobox, Lanzhou in the prose: P159 has no
    # single-value constraint, so the source lists three bases and contradicts nothing
    assert "P159" not in by_property(doc("conflicts", basic))


def test_conflicts_markdown_names_the_rule_and_shows_values_side_by_side(
    basic: tuple[Project, Curation],
) -> None:
    text = reports.text("conflicts", *basic, "markdown", QsSettings())
    assert (
        "| 1 | Test Squadron | P576 dissolved, abolished or demolished date | "
        "`one-value-per-scope` | within alpha | none |"
    ) in text
    assert "| 2 | Nanjing | — | normal | yes | — |" in text  # P740, formed at
    assert '- 1. `beta` line 3: "formed in 1950 ⏎ at Lanzhou"' in text
    assert "| Test Squadron | P1120 number of deaths | 12 / 15 | `scope-differs` |" in text


# --- coverage -----------------------------------------------------------------------------


def uncited(fixture: tuple[Project, Curation], stem: str) -> dict[str, dict[str, Any]]:
    document = doc("coverage", fixture)
    entry = next(s for s in document["sources"] if s["source"] == stem)
    return {u["text"]: u for u in entry["uncited"]}


def test_a_planted_uncited_fact_is_listed(basic: tuple[Project, Curation]) -> None:
    _, cur = basic
    entry = uncited(basic, "alpha")["Its pilots wore blue scarves."]
    assert entry["status"] == "needs-curation"
    assert entry["line"] == 6
    text = next(s.text for s in cur.sources if s.stem == "alpha")
    assert text[entry["start"] : entry["end"]] == "Its pilots wore blue scarves."


def test_declared_fact_free_sentences_are_listed_as_such(basic: tuple[Project, Curation]) -> None:
    entries = uncited(basic, "alpha")
    declared = entries["See the list of squadrons for more."]
    assert declared["status"] == "no-fact"
    assert declared["reason"] == "a pointer to another article"
    assert declared["declared_at"] == "seeds/coverage.toml:10"
    assert entries["Unit Name: Test Squadron"]["status"] == "no-fact"


def test_repeated_fragments_of_cited_text_are_repeats(basic: tuple[Project, Curation]) -> None:
    entries = uncited(basic, "beta")
    assert entries["at Lanzhou."]["status"] == "repeat"
    assert entries["at Lanzhou."]["repeats_line"] == 3
    assert entries["Lanzhou is a city in China..."]["status"] == "needs-curation"


def test_coverage_counts(basic: tuple[Project, Curation]) -> None:
    counts = {s["source"]: s["counts"] for s in doc("coverage", basic)["sources"]}
    assert counts["alpha"] == {
        "sentences": 10,
        "headings": 2,
        "cited": 7,
        "uncited": 3,
        "uncited_needs_curation": 1,
        "uncited_no_fact": 2,
        "uncited_repeat": 0,
        "facts": 16,
        "facts_carried": 15,
        "facts_declared": 0,
        "facts_needs_curation": 1,
    }
    assert counts["beta"]["headings"] == 3
    assert counts["beta"]["cited"] == 2


def test_without_coverage_toml_nothing_is_declared(tmp_path: Path) -> None:
    project = Project.at(copy_fixture("reports-basic", tmp_path / "project"))
    project.coverage_file.unlink()
    entry = uncited((project, curate(project)), "alpha")["See the list of squadrons for more."]
    assert entry["status"] == "needs-curation"


BAD_DECLARATIONS = [
    (
        'source = "gamma"\nsentence = "Its pilots"\nreason = "r"\n',
        "seeds/coverage.toml:2: unknown source 'gamma'; use one of: alpha, beta",
    ),
    (
        'source = "alpha"\nsentence = "Its pilots wore red"\nreason = "r"\n',
        "seeds/coverage.toml:3: no sentence of alpha.txt is or starts with "
        "'Its pilots wore red'; copy the sentence verbatim from `svg-rdf coverage`, "
        "or remove the entry",
    ),
    (
        'source = "alpha"\nsentence = "The squadron was disbanded in 1953."\nreason = "r"\n',
        "seeds/coverage.toml:3: the sentence on line 9 of alpha.txt is cited by evidence, so "
        "it states a fact; remove the entry",
    ),
    (
        'source = "beta"\nsentence = "Encyclopedia"\nreason = "r"\n',
        "seeds/coverage.toml:3: line 2 of beta.txt is a heading, never counted as a sentence; "
        "remove the entry",
    ),
    (
        'source = "alpha"\nsentence = "Its pilots"\nreason = "r"\n\n[[no_fact]]\n'
        'source = "alpha"\nsentence = "Its pilots wore blue scarves."\nreason = "r"\n',
        "seeds/coverage.toml:8: the sentence on line 6 of alpha.txt is already declared at "
        "seeds/coverage.toml:3; remove one of the two entries",
    ),
    (
        'source = "alpha"\nsentence = "Its pilots"\n',
        "seeds/coverage.toml:1: missing key 'reason'; add reason = ...",
    ),
    (
        'source = "alpha"\nsentence = "Its pilots"\nreason = "r"\nline = 6\n',
        "seeds/coverage.toml:5: unknown key 'line'; use one of: fact, reason, sentence, source",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD_DECLARATIONS)
def test_bad_declarations_are_errors_at_their_line(body: str, message: str, tmp_path: Path) -> None:
    project = Project.at(copy_fixture("reports-basic", tmp_path / "project"))
    project.coverage_file.write_text("[[no_fact]]\n" + body, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        reports.document("coverage", project, curate(project), QsSettings())
    assert str(caught.value) == message


def test_malformed_coverage_toml_is_an_error(tmp_path: Path) -> None:
    project = Project.at(copy_fixture("reports-basic", tmp_path / "project"))
    project.coverage_file.write_text("[[no_fact]]\nsource = alpha\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"^seeds/coverage.toml:2:\d+: malformed TOML"):
        load_declarations(project)


def declare(sentence: str) -> NoFact:
    return NoFact("a", sentence, "why", Place("seeds/coverage.toml", 4), 3)


def test_a_prefix_of_two_different_sentences_is_ambiguous() -> None:
    doc_a = source("a", "It rained. It snowed.")
    with pytest.raises(DataFileError, match=r"coverage.toml:4: 'It' is a prefix of 2 different"):
        coverage.measure(curation((doc_a,), ()), (declare("It"),))


def test_one_entry_declares_every_copy_of_a_sentence() -> None:
    doc_a = source("a", "It rained.\n\nIt rained.\n\nIt snowed.")
    (measured,) = coverage.measure(curation((doc_a,), ()), (declare("It rained."),))
    assert [(u.sentence.line, u.status) for u in measured.uncited] == [
        (1, "no-fact"),
        (3, "no-fact"),
        (5, "needs-curation"),
    ]


def test_any_overlap_with_a_quote_cites_a_sentence() -> None:
    doc_a = source("a", "One two. Three four. Five six.")
    cur = curation((doc_a,), (claim("P1932", StringValue("x"), (doc_a, "two. Three")),))
    (measured,) = coverage.measure(cur, ())
    assert [s.text for s in measured.cited] == ["One two.", "Three four."]
    assert [u.sentence.text for u in measured.uncited] == ["Five six."]


@pytest.mark.parametrize(
    ("quote", "cited"),
    [
        ("two. T", ["One two.", "Three four."]),  # one code point into the next sentence
        ("One two.", ["One two."]),  # ends where the next sentence's space begins
    ],
)
def test_citation_is_overlap_by_at_least_one_code_point(quote: str, cited: list[str]) -> None:
    doc_a = source("a", "One two. Three four.")
    cur = curation((doc_a,), (claim("P1932", StringValue("x"), (doc_a, quote)),))
    (measured,) = coverage.measure(cur, ())
    assert [s.text for s in measured.cited] == cited


def test_a_span_between_two_sentences_cites_neither() -> None:
    doc_a = source("a", "One two. Three four.")
    gap = claim("P1932", StringValue("x"), (doc_a, "One"))
    gap = dataclasses.replace(
        gap, evidence=(dataclasses.replace(gap.evidence[0], quote=" ", start=8, end=9),)
    )
    (measured,) = coverage.measure(curation((doc_a,), (gap,)), ())
    assert measured.cited == ()


# --- reconciliation -----------------------------------------------------------------------


def test_unreconciled_entities_come_first_by_use(basic: tuple[Project, Curation]) -> None:
    document = doc("reconciliation", basic)
    assert document["summary"] == {
        "entities": 7,
        "reconciled": 5,
        "unreconciled": 2,
        "local": 0,
        "unused": 1,
        "with_candidates": 0,
    }
    assert [e["slug"] for e in document["unreconciled"]] == ["test-squadron", "test-wing"]
    squadron = document["unreconciled"][0]
    assert squadron["qid"] is None
    assert squadron["uses"] == {"subject": 12, "value": 0, "qualifier": 0, "total": 12}
    reconciled = {e["slug"]: e for e in document["reconciled"]}
    assert reconciled["nanjing"]["qid"] == "Q16666"
    assert reconciled["nanjing"]["qid_evidence"].startswith("wikidata-ids.md")
    assert reconciled["nanjing"]["uses"]["value"] == 2
    assert reconciled["killed-in-action"]["uses"]["qualifier"] == 2


def test_a_statement_counts_once_in_the_total() -> None:
    doc_a = source("a", "It was based at Hankou.")
    itself = claim(
        "P159", item("unit"), (doc_a, "Hankou"), qualifiers=(Qualifier("P518", item("unit")),)
    )
    uses = reconciliation.uses(curation((doc_a,), (itself,)))
    assert uses["unit"] == reconciliation.Uses(subject=1, value=1, qualifier=1, total=1)


def test_unreconciled_order_is_by_use_then_slug() -> None:
    doc_a = source("a", "It was based at Hankou.")
    claims = (
        claim("P159", item("zzz"), (doc_a, "Hankou")),
        claim("P518", item("zzz"), (doc_a, "based")),
    )
    document = reconciliation.report(curation((doc_a,), claims, "aaa", "zzz", "mmm"), QsSettings())
    assert [e["slug"] for e in document["unreconciled"]] == ["unit", "zzz", "aaa", "mmm"]
    assert document["reconciled"] == []
