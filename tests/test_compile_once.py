"""Compile once: one build, one check or one export reads each input file once (the settings,
the property table, the shapes, every data file) and passes what it read down.

Every data file and shapes file is read through svg_rdf.curation.datafile.read_regular,
which opens it with `os.open`; the tests count those opens by path.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import svg_rdf
from svg_rdf.cli import cli
from svg_rdf.errors import EndpointError
from svg_rdf.project import defaults_folder
from tests.conftest import make_project
from tests.loopback import LoopbackServer, status

INPUTS = ("seeds", "ontology", "shapes", "queries")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[Path]]:
    """Every path `os.open` opens while the test runs, counted."""
    counts: Counter[Path] = Counter()
    real = os.open

    def counting(path: str | bytes | os.PathLike[str], *args: int, **kwargs: int) -> int:
        counts[Path(os.fsdecode(path)).resolve()] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting)
    yield counts


def read_twice(counts: Counter[Path], project: Path) -> dict[str, int]:
    """The input files (the project's and the package's defaults) opened more than once."""
    defaults = defaults_folder("shapes").parent.resolve()
    # in a checkout the linked defaults open at the top-level shapes/, ontology/, queries/
    linked = {
        path.resolve().parent for name in INPUTS[1:] for path in defaults_folder(name).iterdir()
    }
    roots = [project.resolve() / folder for folder in INPUTS] + [defaults, *sorted(linked)]
    inputs = {
        str(path): count
        for path, count in counts.items()
        if any(path.is_relative_to(root) for root in roots)
    }
    assert inputs, "no input file was counted: the test no longer sees the reads"
    return {path: count for path, count in sorted(inputs.items()) if count > 1}


def run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr or result.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def test_one_build_reads_each_input_once(project: Path, opened: Counter[Path]) -> None:
    run("build", "--project", str(project))
    assert read_twice(opened, project) == {}
    assert opened[(project / "seeds" / "dataset.toml").resolve()] == 1
    assert opened[(project / "shapes" / "contract.ttl").resolve()] == 1


def test_one_build_with_another_base_reads_each_input_once(
    project: Path, opened: Counter[Path]
) -> None:
    run("build", "--project", str(project), "--base-iri", "https://example.org/other/")
    assert read_twice(opened, project) == {}


def test_one_check_reads_each_input_once(project: Path, opened: Counter[Path]) -> None:
    run("build", "--project", str(project))
    opened.clear()
    run("check", "--project", str(project))
    assert read_twice(opened, project) == {}
    assert opened[(project / "seeds" / "dataset.toml").resolve()] == 1
    assert opened[(project / "ontology" / "properties.csv").resolve()] == 1


def test_checking_files_without_a_project_reads_the_defaults_once(
    project: Path, opened: Counter[Path]
) -> None:
    run("build", "--project", str(project))
    graph = project / "output" / "svg-rdf.nt"
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    opened.clear()
    result = CliRunner().invoke(cli, ["check", "--project", str(elsewhere), str(graph)])
    assert result.exit_code in (0, 1), result.stderr
    assert read_twice(opened, elsewhere) == {}


def test_one_export_reads_each_input_once(project: Path, opened: Counter[Path]) -> None:
    for fmt in ("turtle", "quickstatements"):
        opened.clear()
        run("export", "--project", str(project), "--format", fmt, "--output", "-")
        assert read_twice(opened, project) == {}, fmt


def test_one_load_reads_each_input_once(project: Path, opened: Counter[Path]) -> None:
    """The settings name the default graph and compile it: read once for both (the store,
    a real server on 127.0.0.1, refuses the PUT, so nothing is loaded)."""
    with LoopbackServer(status(500)) as store, pytest.raises(EndpointError):
        svg_rdf.load(
            svg_rdf.open_project(project),
            gsp_url=f"{store.url}/store",
            query_url=f"{store.url}/query",
            retries=0,
        )
    assert store.requests, "the graph was compiled and sent"
    assert read_twice(opened, project) == {}
    assert opened[(project / "seeds" / "dataset.toml").resolve()] == 1
