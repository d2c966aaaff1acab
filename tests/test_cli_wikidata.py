"""`svg-rdf export` and `svg-rdf wikidata-diff` through click: exit codes, stdout, stderr."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DOCUMENT = DATA / "wikidata-diff" / "Q16666.json"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA / "qs-values", root, ignore=shutil.ignore_patterns("expected"))
    return root


def test_export_quickstatements_writes_the_file_and_its_pending_lists(project: Path) -> None:
    code, out, err = invoke("export", "--project", str(project), "--format", "quickstatements")
    assert (code, err) == (0, "")
    expected = DATA / "qs-values" / "expected"
    names = sorted(p.name for p in (project / "output").iterdir())
    assert names == ["wikidata-pending.json", "wikidata-pending.md", "wikidata.qs"]
    for name in names:
        assert (project / "output" / name).read_bytes() == (expected / name).read_bytes()
        assert f"output/{name}" in out


def test_export_to_stdout_and_to_a_named_file(project: Path, tmp_path: Path) -> None:
    code, out, _ = invoke(
        "export", "--project", str(project), "--format", "quickstatements", "--output", "-"
    )
    assert code == 0
    assert out == (DATA / "qs-values" / "expected" / "wikidata.qs").read_text(encoding="utf-8")
    target = tmp_path / "edits" / "batch.qs"
    code, _, _ = invoke(
        "export", "--project", str(project), "--format", "quickstatements", "--output", str(target)
    )
    assert code == 0
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "batch-pending.json",
        "batch-pending.md",
        "batch.qs",
    ]
    assert (target.parent / "batch-pending.md").read_text().startswith("# batch.qs: ")
    assert not (project / "output").exists()


@pytest.mark.parametrize(
    ("name", "start"),
    [("turtle", b"@prefix wd: "), ("ntriples", b"<"), ("jsonld", b"{")],
)
def test_export_rdf_formats(project: Path, tmp_path: Path, name: str, start: bytes) -> None:
    target = tmp_path / f"graph.{name}"
    code, _, err = invoke(
        "export", "--project", str(project), "--format", name, "--output", str(target)
    )
    assert (code, err) == (0, "")
    assert target.read_bytes().startswith(start)


def test_export_usage_errors(project: Path, tmp_path: Path) -> None:
    code, _, err = invoke("export", "--project", str(project), "--format", "csv")
    assert code == 2 and "csv" in err
    code, _, err = invoke("export", "--project", str(tmp_path / "nowhere"), "--format", "turtle")
    assert code == 2
    assert err.count("\n") == 1 and "no seeds/ folder here" in err


def test_bad_settings_are_one_line_and_exit_2(project: Path) -> None:
    (project / "seeds" / "wikidata.toml").write_text("quote_limit = 0\n", encoding="utf-8")
    code, out, err = invoke("export", "--project", str(project), "--format", "quickstatements")
    assert (code, out) == (2, "")
    assert err.startswith("seeds/wikidata.toml:1: quote_limit 0 must be") and err.count("\n") == 1


def test_wikidata_diff_emits_and_reports(project: Path, tmp_path: Path) -> None:
    report = tmp_path / "review.md"
    code, out, err = invoke(
        "wikidata-diff",
        "--project",
        str(project),
        "--entity-json",
        str(DOCUMENT),
        "--report",
        str(report),
    )
    assert code == 0
    assert [line.split("\t")[:2] for line in out.splitlines()] == [
        ["Q16666", "P1376"],
        ["Q16666", "P17"],
    ]
    assert err.splitlines() == [
        "review: Q16666 P1448 南京市@zh (seeds/facts/nanjing.toml:25): "
        "Wikidata has this value with deprecated rank",
        "review: Q16666 P571 1360 (precision 8) (seeds/facts/nanjing.toml:20): "
        "Wikidata has P571 = +1368-00-00T00:00:00Z/9 instead",
        "1 new, 1 missing-reference, 1 referenced, 2 review; 8 not compared; 4 pending",
    ]
    assert report.read_text(encoding="utf-8").startswith("# Wikidata diff\n")


def test_wikidata_diff_to_a_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "diff.qs"
    code, out, _ = invoke(
        "wikidata-diff",
        "--project",
        str(project),
        "--entity-json",
        str(DOCUMENT),
        "--output",
        str(target),
    )
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").count("\n") == 2


def test_wikidata_diff_refuses_malformed_json_in_one_line(project: Path) -> None:
    bad = DATA / "wikidata-diff" / "malformed.json"
    code, out, err = invoke("wikidata-diff", "--project", str(project), "--entity-json", str(bad))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"{bad}:4:15: malformed JSON: Expecting property name")
    code, _, err = invoke(
        "wikidata-diff", "--project", str(project), "--entity-json", str(project / "none.json")
    )
    assert code == 2 and "none.json: file not found" in err


def test_wikidata_diff_needs_a_document(project: Path) -> None:
    code, _, err = invoke("wikidata-diff", "--project", str(project))
    assert code == 2 and "--entity-json" in err


@pytest.mark.parametrize("command", ["export", "wikidata-diff"])
def test_commands_have_help_and_are_documented(command: str) -> None:
    code, out, _ = invoke(command, "--help")
    assert code == 0 and len(out.splitlines()) > 5
    guides = [ROOT / "README.md", ROOT / "docs" / "wikidata.md"]
    text = "".join(p.read_text(encoding="utf-8") for p in guides if p.exists())
    assert f"svg-rdf {command}" in text


def test_export_writes_nothing_when_the_graph_violates_the_shapes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from svg_rdf import pipeline

    real = pipeline.compile_project

    from rdflib import URIRef
    from rdflib.namespace import SH

    from svg_rdf.validation.shacl import Finding

    def failing(*args: object, **kwargs: object) -> pipeline.Compiled:
        compiled = real(*args, **kwargs)  # type: ignore[arg-type]
        violation = Finding(
            "violation", URIRef("urn:x"), None, None, "broken", "", SH.MinCountConstraintComponent
        )
        return replace(compiled, report=replace(compiled.report, findings=(violation,)))

    monkeypatch.setattr(pipeline, "compile_project", failing)
    code, out, err = invoke("export", "--project", str(project), "--format", "quickstatements")
    assert (code, out) == (1, "")
    assert "violates the shapes" in err and "nothing was written" in err
    assert not (project / "output").exists()
