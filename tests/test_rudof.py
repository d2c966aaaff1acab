"""rudof's SHACL engine (pyrudof, from PyPI with the test extras) gives `svg-rdf check`'s
verdict on the published shapes: every broken graph of tests/data/broken/ and this
repository's output/svg-rdf.ttl, by focus node, path, constraint component and severity,
apart from svg-rdf's own source checks (as tests/test_jena.py holds Jena to it). rudof
writes a path without angle brackets and with spaces around `|`: both sides are compared
without them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyrudof
import pytest

from tests.broken_corpus import CORPUS
from tests.conftest import REPO, make_project
from tests.test_engines import Key, check_json, keys_of_check

BROKEN = sorted(CORPUS.glob("*.ttl"))
SHAPES = REPO / "output" / "shapes.ttl"
OURS = REPO / "output" / "svg-rdf.ttl"


def plain(path: str) -> str:
    return "".join(path.split()).replace("<", "").replace(">", "")


def rudof_keys(path: Path) -> tuple[bool, Counter[Key]]:
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(str(path), format=pyrudof.RDFFormat.Turtle)
    rudof.read_shacl(str(SHAPES))
    report = rudof.validate_shacl()
    keys: Counter[Key] = Counter(
        (
            str(result.focus_node),
            plain(result.path or ""),
            str(result.constraint_component),
            str(result.severity).lower(),
        )
        for result in report.violations
    )
    return bool(report.conforms), keys


def plain_keys(keys: Counter[Key]) -> Counter[Key]:
    return Counter({(focus, plain(path), *rest): n for (focus, path, *rest), n in keys.items()})


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("rudof") / "p")


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_rudof_finds_what_svg_rdf_check_finds(project: Path, path: Path) -> None:
    conforms, theirs = rudof_keys(path)
    ours = check_json(project, path, "sparql")
    assert plain_keys(keys_of_check(ours)) == theirs
    assert theirs, "a broken graph with no finding tests nothing"
    assert conforms is ours["conforms"] is False


def test_rudof_gives_this_projects_warnings() -> None:
    conforms, theirs = rudof_keys(OURS)
    assert plain_keys(keys_of_check(check_json(REPO, OURS, "sparql"))) == theirs
    assert {key[3] for key in theirs} == {"warning"}
    assert conforms is False
