"""Shapes that travel: output/shapes.ttl holds no IRI under the data's base.

A build with `--base-iri` must not leak the base of seeds/dataset.toml into any output file,
and the shapes of one build (base A) must judge a graph built with another base (B) exactly as
B's own shapes do: another project, or another `--base-iri`, gets no false finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svg_rdf.api import build
from svg_rdf.pipeline import compile_project, shapes_file
from svg_rdf.project import Project
from svg_rdf.validation.project_shapes import project_shapes
from svg_rdf.validation.shacl import load_shapes, validate
from tests.conftest import make_project

FIXTURE_BASE = "https://example.org/test/"  # tests/data/base/seeds/dataset.toml
OTHER_BASE = "https://other.example/kg/"
MILITARY_UNIT = "Q176799"  # ontology/constraints.csv: P7779 value-type Q176799


@pytest.fixture
def typed_project(tmp_path: Path) -> Path:
    """The base fixture whose kind `unit` lists the class of P7779's value-type constraint,
    with one P7779 claim whose value is of that kind: its shape lists the kind's entities."""
    folder = make_project(tmp_path / "p")
    settings = folder / "seeds" / "dataset.toml"
    text = settings.read_text(encoding="utf-8")
    assert "unit = []" in text
    settings.write_text(text.replace("unit = []", f'unit = ["{MILITARY_UNIT}"]'), encoding="utf-8")
    facts = folder / "seeds" / "facts" / "squadron.toml"
    with facts.open("a", encoding="utf-8") as out:
        out.write(
            '\n[[claim]]\nproperty = "P7779"\nvalue = "test-squadron"\n'
            'evidence = [{ source = "alpha", quote = "The Test Squadron" }]\n'
        )
    return folder


def test_the_fixture_shapes_name_entities_by_kind(typed_project: Path) -> None:
    # the premise of the tests below: the value-type shape lists the unit's entities
    shapes = shapes_file(project_shapes(Project.at(typed_project))).data.decode("utf-8")
    assert "P7779-value-type-Q176799" in shapes
    assert "test-squadron" in shapes


def test_another_base_iri_leaves_the_old_one_in_no_output_file(typed_project: Path) -> None:
    built = build(Project.at(typed_project), base_iri=OTHER_BASE)
    assert built.report.passes
    output = typed_project / "output"
    files = sorted(path for path in output.rglob("*") if path.is_file())
    assert len(files) > 10
    leaking = [str(path.relative_to(output)) for path in files if FIXTURE_BASE in _text(path)]
    assert leaking == []
    assert OTHER_BASE in _text(output / "svg-rdf.ttl")


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def test_shapes_of_one_base_judge_a_graph_of_another_as_its_own_do(
    typed_project: Path, tmp_path: Path
) -> None:
    project = Project.at(typed_project)
    theirs = compile_project(project, base_iri=OTHER_BASE)
    published = tmp_path / "shapes.ttl"  # the shapes of a build with the fixture's base
    published.write_bytes(shapes_file(project_shapes(project)).data)
    travelled = validate(theirs.graph, load_shapes([published], ()), triples=theirs.triples)

    def keys(findings: object) -> list[tuple[str, str, str]]:
        assert isinstance(findings, tuple)
        return sorted((str(f.focus), f.path_text, f.message) for f in findings)

    assert keys(travelled.findings) == keys(theirs.report.findings)
    assert not any("P7779" in f.message for f in travelled.findings)


def test_a_value_of_another_kind_is_still_caught_by_travelled_shapes(
    typed_project: Path, tmp_path: Path
) -> None:
    facts = typed_project / "seeds" / "facts" / "squadron.toml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace(
            'property = "P7779"\nvalue = "test-squadron"',
            'property = "P7779"\nvalue = "alpha-town"',
        ),
        encoding="utf-8",
    )
    project = Project.at(typed_project)
    theirs = compile_project(project, base_iri=OTHER_BASE)
    published = tmp_path / "shapes.ttl"
    published.write_bytes(shapes_file(project_shapes(project)).data)
    travelled = validate(theirs.graph, load_shapes([published], ()), triples=theirs.triples)
    caught = [f for f in travelled.findings if "P7779" in f.message]
    assert [(str(f.focus).startswith(OTHER_BASE), f.severity) for f in caught] == [
        (True, "warning")
    ]
