"""Builds with the stage cache (svg_rdf/cache.py): a warm build writes the bytes of a cold one
(after one edit, after another base IRI), damaged entries are rebuilt, validation is reused
only for the same graph, and only changed files are parsed again. Slow: each test builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from svg_rdf import pipeline, site
from svg_rdf.api import build
from svg_rdf.cache import MAGIC, StageCache
from svg_rdf.cli import cli
from svg_rdf.export import verified as verified_module
from svg_rdf.export.writer import OutputFile, verify
from svg_rdf.pipeline import compile_project
from svg_rdf.project import Project
from svg_rdf.site import rdf as site_rdf
from svg_rdf.site.html import Frame
from svg_rdf.validation.shacl import Report, Shapes, validate
from tests.endpoint_data import ROOT

FACTS = "seeds/facts/aircraft.toml"
QUOTE = '"60 Soviet I-15 and I-16 fighters"'
EDITED = '"Soviet I-15 and I-16 fighters"'  # the same claim, a shorter verbatim quote


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SVG_RDF_CACHE_DIR", str(folder))
    monkeypatch.delenv("SVG_RDF_NO_CACHE", raising=False)  # tests/conftest.py turns it off
    monkeypatch.delenv("SVG_RDF_CACHE_MB", raising=False)
    return folder


def copy_project(target: Path) -> Project:
    for part in ("seeds", "ontology", "shapes", "queries"):
        shutil.copytree(ROOT / part, target / part)
    return Project.at(target)


def edit_claim(project: Project) -> None:
    path = project.root / FACTS
    text = path.read_text("utf-8")
    assert QUOTE in text
    path.write_text(text.replace(QUOTE, EDITED, 1), "utf-8")  # one claim only


# One claim's quote, one claim's value, one entity's label: (data file, text, replacement).
EDITS = {
    "quote": (FACTS, QUOTE, EDITED),
    "value": ("seeds/facts/american-volunteer-group.toml", "value = 1942", "value = 1941"),
    "label": ("seeds/entities/people.toml", '"Pavel Rychagov"', '"Pavel V. Rychagov"'),
}


def edit(project: Project, what: str) -> None:
    name, old, new = EDITS[what]
    path = project.root / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("what", sorted(EDITS))
def test_a_warm_rebuild_after_one_edit_writes_the_bytes_of_a_cold_build(
    tmp_path: Path, cache_dir: Path, what: str
) -> None:
    cold = copy_project(tmp_path / "cold")
    edit(cold, what)
    build(cold, cache=False)
    assert not cache_dir.exists()  # --no-cache: nothing stored

    warm = copy_project(tmp_path / "warm")
    build(warm)  # fills the cache
    first = StageCache.open()
    assert first.size() > 0
    before = tree(warm.output)
    build(warm)  # no change: every stage from the cache
    assert tree(warm.output) == before
    edit(warm, what)
    build(warm)
    assert tree(warm.output) == tree(cold.output)
    assert tree(warm.output) != before  # the edit did reach output/


def test_one_edit_renders_again_only_the_pages_it_changes(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "p")
    pages: list[str] = []
    documents: list[str] = []
    real_page, real_files = site.page, site_rdf.Documents._files

    def page(template: str, frame: Frame, **context: object) -> bytes:
        pages.append(frame.canonical)
        return real_page(template, frame, **context)  # type: ignore[arg-type]

    def files(self: site_rdf.Documents, stem: str, triples: Any) -> list[OutputFile]:
        documents.append(stem)
        return real_files(self, stem, triples)

    monkeypatch.setattr(site, "page", page)
    monkeypatch.setattr(site_rdf.Documents, "_files", files)
    build(project)
    assert len(pages) > 250 and len(documents) > 250  # cold: every page and document
    pages.clear()
    documents.clear()
    edit(project, "label")
    build(project)
    changed = [name for name in pages if "pavel-rychagov" in name]
    assert changed  # the edited entity's page is rendered again
    assert 0 < len(pages) < 30, pages  # with the pages that show its label, no more
    assert "pavel-rychagov" in documents
    assert 0 < len(documents) < 30, documents


def test_after_one_edit_only_changed_files_are_parsed_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "p")
    parsed: list[str] = []

    def counted(file: OutputFile) -> None:
        if file.expected is not None:  # else nothing to parse
            parsed.append(file.name)
        verify(file)

    monkeypatch.setattr(verified_module, "verify", counted)
    build(project)
    cold = len(parsed)
    assert cold > 700  # every RDF file of output/ and the site
    parsed.clear()
    edit_claim(project)
    build(project)
    assert "svg-rdf.nt" in parsed  # the graph changed
    assert 0 < len(parsed) < cold / 4, len(parsed)


def test_validation_is_taken_only_for_the_same_graph(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "p")
    runs: list[int] = []

    def counted(
        graph: Graph | None,
        shapes: Shapes,
        *,
        triples: frozenset[ox.Triple],
        cache: StageCache | None = None,
    ) -> Report:
        runs.append(len(triples))
        return validate(graph, shapes, triples=triples, cache=cache)

    from svg_rdf.validation import run_sparql

    compiled: list[object] = []
    real = run_sparql.compiled_plan
    monkeypatch.setattr(pipeline, "validate", counted)

    def compiling(*args: Any) -> run_sparql.Plan:
        compiled.append(args)
        return real(*args)

    monkeypatch.setattr(run_sparql, "compiled_plan", compiling)
    compile_project(project, cache=StageCache.open())
    compile_project(project, cache=StageCache.open())
    assert len(runs) == 1  # the same triples and shapes: the report of the first run
    edit_claim(project)
    compile_project(project, cache=StageCache.open())
    assert len(runs) == 2  # another graph: validated
    assert len(compiled) == 1  # with the plan compiled for the first graph


def test_another_base_iri_is_another_build(tmp_path: Path, cache_dir: Path) -> None:
    base = "https://example.org/other/"
    cold = copy_project(tmp_path / "cold")
    build(cold, base_iri=base, cache=False)
    warm = copy_project(tmp_path / "warm")
    build(warm)  # the cache holds the default base's stages
    build(warm, base_iri=base)
    assert tree(warm.output) == tree(cold.output)


def test_entries_are_reused_across_processes(tmp_path: Path, cache_dir: Path) -> None:
    project = copy_project(tmp_path / "p")
    command = [sys.executable, "-m", "svg_rdf", "build", "--project", str(project.root)]
    env = {**os.environ, "PYTHONHASHSEED": "1"}
    subprocess.run(command, check=True, capture_output=True, env=env)
    entries = {path.name: path.stat().st_mtime_ns for path in cache_dir.iterdir()}
    env["PYTHONHASHSEED"] = "2"  # keys do not depend on the hash seed
    subprocess.run(command, check=True, capture_output=True, env=env)
    again = {path.name: path.stat().st_mtime_ns for path in cache_dir.iterdir()}
    assert set(again) == set(entries)  # no new key: every stage was a hit


def test_damaged_entries_are_rebuilt_and_change_nothing(tmp_path: Path, cache_dir: Path) -> None:
    project = copy_project(tmp_path / "p")
    build(project)
    good = tree(project.output)
    entries = sorted(cache_dir.glob("*.entry"))
    assert len(entries) >= 5
    for number, path in enumerate(entries):
        data = path.read_bytes()
        if number % 3 == 0:
            path.write_bytes(data[: len(data) // 2])  # truncated
        elif number % 3 == 1:
            path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit flipped
        else:
            path.write_bytes(b"\x80\x04N.")  # a foreign file: a pickle without our header
    shutil.rmtree(project.output)
    build(project)
    assert tree(project.output) == good
    for path in entries:  # each was replaced by a good entry
        assert path.read_bytes().startswith(MAGIC)


def findings(report: Report) -> list[tuple[object, ...]]:
    """What a report says (its shapes' blank node labels differ on every run)."""
    return [(f.severity, f.focus, f.path, f.value, f.message) for f in report.findings]


def test_a_cached_report_is_the_fresh_one(tmp_path: Path, cache_dir: Path) -> None:
    project = copy_project(tmp_path / "p")
    fresh = findings(compile_project(project).report)
    assert fresh  # the project has warnings: a report with something in it
    stages = StageCache.open()
    assert findings(compile_project(project, cache=stages).report) == fresh  # validated, stored
    again = StageCache.open()
    assert findings(compile_project(project, cache=again).report) == fresh
    assert again.hits == 2  # shapes.ttl, then the report (the plan is not asked for)


def test_build_no_cache_stores_nothing(tmp_path: Path, cache_dir: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = CliRunner().invoke(cli, ["build", "--no-cache", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert not cache_dir.exists()
    result = CliRunner().invoke(cli, ["build", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert any(cache_dir.glob("*.entry"))
