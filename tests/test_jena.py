"""Apache Jena's SHACL engine gives `svg-rdf check`'s verdict on the published shapes.

Jena (Debian's libapache-jena-java 4.5, tests/jena_shacl.py) validates every broken graph of
tests/data/broken/ and this repository's output/svg-rdf.ttl against output/shapes.ttl, as
`shacl validate --shapes output/shapes.ttl --data FILE` does; its findings must be svg-rdf's
(focus node, path, constraint component, severity), apart from svg-rdf's own source checks.
Jena writes an alternative path of four as nested alternatives of two (`((a|b)|c)|d`), the
same path: its report's alternatives are flattened before comparing. pySHACL's CLI is held
to the same in tests/test_engines.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from tests.broken_corpus import CORPUS
from tests.conftest import REPO, make_project
from tests.jena_shacl import reports
from tests.test_engines import check_json, keys_of_check, keys_of_report

BROKEN = sorted(CORPUS.glob("*.ttl"))
SHAPES = REPO / "output" / "shapes.ttl"
OURS = REPO / "output" / "svg-rdf.ttl"


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Graph]:
    return reports(SHAPES, [*BROKEN, OURS], tmp_path_factory.mktemp("jena"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("jena-project") / "p")


def flattened(report: Graph) -> Graph:
    """`report` with each alternative path that is a choice of another written as its
    choices in the other's list (`((a|b)|c)` as `(a|b|c)`)."""

    def choices(head: object) -> list[object]:
        found: list[object] = []
        for choice in Collection(report, head):  # type: ignore[arg-type]
            inner = report.value(choice, SH.alternativePath) if isinstance(choice, BNode) else None
            found += [choice] if inner is None else choices(inner)
        return found

    for path, head in list(report.subject_objects(SH.alternativePath)):
        fresh = BNode()
        Collection(report, fresh, choices(head))  # type: ignore[arg-type]
        report.set((path, SH.alternativePath, fresh))
    return report


def conforms(report: Graph) -> bool:
    (value,) = report.objects(None, SH.conforms)
    assert isinstance(value, Literal)
    return bool(value.toPython())


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_jena_finds_what_svg_rdf_check_finds(
    jena: dict[Path, Graph], project: Path, path: Path
) -> None:
    theirs = keys_of_report(flattened(jena[path]))
    ours = check_json(project, path, "sparql")
    assert keys_of_check(ours) == theirs
    assert theirs, "a broken graph with no finding tests nothing"
    assert conforms(jena[path]) is ours["conforms"] is False


def test_jena_gives_this_projects_warnings(jena: dict[Path, Graph]) -> None:
    ours = check_json(REPO, OURS, "sparql")
    theirs = keys_of_report(flattened(jena[OURS]))
    assert keys_of_check(ours) == theirs
    severities = Counter(key[3] for key in theirs.elements())
    assert severities and set(severities) == {"warning"}, severities
    assert len(list(jena[OURS].subjects(RDF.type, SH.ValidationResult))) == theirs.total()
