"""Same verdict everywhere: pyshacl's own CLI, `svg-rdf check` on both engines, the W3C suite.

Every broken graph in tests/data/broken/ (tests/broken_corpus.py) is checked by pyshacl's
command line on the published output/shapes.ttl and by `svg-rdf check --format json`; the
findings must be the same (focus node, path, constraint component, severity), apart from
svg-rdf's own source checks, which name our declared component.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph
from rdflib.namespace import RDF, SH

from svg_rdf.cli import cli
from svg_rdf.validation.shacl import sparql_path
from svg_rdf.validation.shapes import SOURCE_COMPONENT
from tests import shacl_suite
from tests.broken_corpus import CORPUS, expected
from tests.conftest import REPO, make_project
from tests.needs import shared

BROKEN = sorted(CORPUS.glob("*.ttl"))
Key = tuple[str, str, str, str]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("engines") / "p")


def check_json(project: Path, path: Path, engine: str) -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["check", "--project", str(project), "--format", "json", "--engine", engine, str(path)]
    )
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def keys_of_check(document: dict[str, object]) -> Counter[Key]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return Counter(
        (f["focus"], f["path"], f["component"], f["severity"])
        for f in findings
        if f["component"] != str(SOURCE_COMPONENT)
    )


def keys_of_report(report: Graph) -> Counter[Key]:
    severities = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
    keys: Counter[Key] = Counter()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        text = "" if path is None else sparql_path(report, path)
        keys[
            (
                str(report.value(result, SH.focusNode)),
                text if isinstance(path, BNode) else text.strip("<>"),
                str(report.value(result, SH.sourceConstraintComponent)),
                severities[report.value(result, SH.resultSeverity)],  # type: ignore[index]
            )
        ] += 1
    return keys


def test_the_corpus_covers_every_shape_message() -> None:
    from tests.test_validation import CASES, WARNINGS

    assert len(BROKEN) >= len(CASES) + len(WARNINGS) + 3
    covered = {fragment for path in BROKEN for fragment in expected(path)}
    assert covered == {message for _, message in {**CASES, **WARNINGS}.values()}


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_pyshacl_cli_and_svg_rdf_check_agree(project: Path, path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyshacl",
            "-s",
            str(REPO / "output" / "shapes.ttl"),
            "-f",
            "turtle",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # 1: the graph does not conform
    theirs = keys_of_report(Graph().parse(data=done.stdout, format="turtle"))
    ours = check_json(project, path, "pyshacl-turbo")
    assert keys_of_check(ours) == theirs
    assert ours["conforms"] is False
    messages = [f["message"] for f in ours["findings"]]  # type: ignore[attr-defined]
    for fragment in expected(path):
        assert any(fragment in m for m in messages), (fragment, messages)


PYSHACL_CLI = (sys.executable, "-m", "pyshacl", "-s", str(REPO / "output" / "shapes.ttl"))


def pyshacl_cli(path: Path) -> Graph:
    """pySHACL's own command line on `path` with the published shapes: its report."""
    done = subprocess.run(
        [*PYSHACL_CLI, "-f", "turtle", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    return Graph().parse(data=done.stdout, format="turtle")


# the SPARQL constraints that select no ?value: BestRankShape, SpanShape
NO_VALUE_SELECTED = ("best-rank-on-a-deprecated-statement", "span-length-differs-from-quote")


@pytest.mark.parametrize("name", NO_VALUE_SELECTED)
def test_a_sparql_result_without_value_names_its_focus_as_pyshacl_does(
    project: Path, name: str
) -> None:
    path = CORPUS / f"{name}.ttl"
    report = pyshacl_cli(path)
    theirs = sorted(
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.value)))
        for r in report.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent)
    )
    findings = check_json(project, path, "pyshacl-turbo")["findings"]
    assert isinstance(findings, list)
    ours = sorted(
        (f["focus"], f["value"])
        for f in findings
        if f["component"] == str(SH.SPARQLConstraintComponent)
    )
    assert ours == theirs
    assert ours and all(focus == value for focus, value in ours)


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_every_engine_gives_the_same_findings(project: Path, path: Path, engine: str) -> None:
    def essentials(document: dict[str, object]) -> list[tuple[object, ...]]:
        findings = document["findings"]
        assert isinstance(findings, list)
        return sorted(
            tuple(f[k] for k in ("focus", "path", "value", "component", "severity", "message"))
            for f in findings
        )

    turbo = check_json(project, path, "pyshacl-turbo")
    other = check_json(project, path, engine)
    assert essentials(turbo) == essentials(other)
    assert essentials(other)  # every graph of the corpus is broken


def test_the_sparql_engine_agrees_with_pyshacl_turbo_on_this_projects_output() -> None:
    def report(engine: str) -> object:
        result = CliRunner().invoke(
            cli, ["check", "--project", str(REPO), "--format", "json", "--engine", engine]
        )
        assert result.exit_code in (0, 1), result.stderr
        return json.loads(result.stdout)

    turbo, compiled = report("pyshacl-turbo"), report("sparql")
    assert compiled == turbo
    assert turbo["findings"]  # type: ignore[index]  # output/ has warnings: a real comparison


def test_literals_keep_their_lexical_form_in_every_report(project: Path, tmp_path: Path) -> None:
    source = (CORPUS / "time-precision-out-of-range.ttl").read_text(encoding="utf-8")
    assert "wikibase:timePrecision 15 ;" in source
    data = tmp_path / "data.ttl"
    data.write_text(
        source.replace(
            "wikibase:timePrecision 15 ;", 'wikibase:timePrecision "015"^^xsd:integer ;'
        ),
        encoding="utf-8",
    )
    for engine in ("pyshacl-turbo", "pyshacl", "sparql"):
        document = check_json(project, data, engine)
        values = [f["value"] for f in document["findings"]]  # type: ignore[attr-defined]
        assert "015" in values, (engine, values)
        result = CliRunner().invoke(
            cli,
            [
                "check",
                "--project",
                str(project),
                "--format",
                "turtle",
                "--engine",
                engine,
                str(data),
            ],
        )
        # Turtle's integer shorthand keeps the lexical form: 015 is "015"^^xsd:integer
        assert "sh:value 015 ." in result.stdout, (engine, result.stdout)
        assert "sh:conforms false" in result.stdout or (
            '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>' in result.stdout
        )


def test_a_missing_engine_is_exit_2_with_the_install_command(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # import raises ImportError
    result = CliRunner().invoke(
        cli,
        [
            "check",
            "--project",
            str(project),
            "--engine",
            "pyshacl-turbo",
            str(CORPUS / "two-main-values.ttl"),
        ],
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "pyshacl-turbo is not installed" in result.stderr
    assert "pip install pyshacl-turbo" in result.stderr


# The W3C SHACL suite (core + SPARQL manifests), as measured with pyshacl 0.40.1 and
# pyshacl-turbo 0.6.5 and documented in docs/validation.md.
EXPECTED_PASSES = {"pyshacl": 111, "pyshacl-turbo": 112, "sparql": 89}
TOTAL = 120
# Where the engines differ, the default engine must be the one that matches the suite.
ONLY_TURBO_PASSES = {"sparql/pre-binding/shapesGraph-001"}


@pytest.fixture(scope="module")
def suite_outcomes() -> dict[str, dict[str, tuple[bool, str]]]:
    shared("w3c-tests", "shacl")
    shacl_suite._quiet()
    return {engine: shacl_suite.run(engine) for engine in EXPECTED_PASSES}


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_w3c_shacl_suite_pass_counts(
    suite_outcomes: dict[str, dict[str, tuple[bool, str]]],
) -> None:
    for engine, outcome in suite_outcomes.items():
        assert len(outcome) == TOTAL
        passed = sum(ok for ok, _ in outcome.values())
        failures = sorted(name for name, (ok, _) in outcome.items() if not ok)
        assert passed == EXPECTED_PASSES[engine], (engine, failures)


# Where the sparql engine fails the suite, by reason (docs/validation.md, "Parity").
SPARQL_ENGINE_FAILS = {
    # refused, one line naming the shape and the feature (the default gives way to turbo)
    "refused": {
        "core/complex/personexample",  # sh:closed
        "core/complex/shacl-shacl",
        "core/node/closed-001",
        "core/node/closed-002",
        "core/property/qualifiedMinCountDisjoint-001",  # sh:qualifiedValueShapesDisjoint
        "core/property/qualifiedValueShapesDisjoint-001",
        "core/property/datatype-ill-formed",  # xsd:byte, which the store keeps as xsd:integer
        "sparql/component/optional-001",  # SPARQL-based constraint components
        "sparql/component/propertyValidator-select-001",
    },
    # the same results, but a report is a set: the suite counts a result reached twice twice
    "multiset": {
        "core/property/lessThan-002",
        "core/property/property-001",
        "core/property/uniqueLang-001",
        "core/validation-reports/shared",
    },
    # a literal focus node from sh:targetNode, in the store's canonical form ("4.0" as "4")
    "canonical focus": {"core/node/maxExclusive-001", "core/node/minExclusive-001"},
    "custom severity": {"core/misc/severity-002"},  # reported as sh:Violation, as findings_of
    # SHACL-SPARQL as svg_rdf/validation/sparql.py runs it (for every engine of `check`)
    "sparql.py": {
        "sparql/component/validator-001",
        "sparql/node/prefixes-001",
        "sparql/node/sparql-002",
        "sparql/node/sparql-003",
        "sparql/pre-binding/pre-binding-002",
        "sparql/pre-binding/pre-binding-003",
        "sparql/pre-binding/pre-binding-005",
        "sparql/pre-binding/pre-binding-006",
        "sparql/pre-binding/pre-binding-007",
        "sparql/pre-binding/shapesGraph-001",
        "sparql/pre-binding/unsupported-sparql-001",
        "sparql/pre-binding/unsupported-sparql-002",
        "sparql/pre-binding/unsupported-sparql-003",
        "sparql/pre-binding/unsupported-sparql-004",
        "sparql/property/sparql-001",
    },
}


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_the_sparql_engine_fails_only_the_documented_suite_tests(
    suite_outcomes: dict[str, dict[str, tuple[bool, str]]],
) -> None:
    failed = {name for name, (ok, _) in suite_outcomes["sparql"].items() if not ok}
    assert failed == set().union(*SPARQL_ENGINE_FAILS.values())
    refused = {name for name, (_, note) in suite_outcomes["sparql"].items() if "raised" in note}
    assert SPARQL_ENGINE_FAILS["refused"] <= refused


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_where_engines_differ_the_default_matches_the_suite(
    suite_outcomes: dict[str, dict[str, tuple[bool, str]]],
) -> None:
    turbo, reference = suite_outcomes["pyshacl-turbo"], suite_outcomes["pyshacl"]
    differing = {name for name in turbo if turbo[name][0] != reference[name][0]}
    assert differing == ONLY_TURBO_PASSES
    assert all(turbo[name][0] for name in differing)
