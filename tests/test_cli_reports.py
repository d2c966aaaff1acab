"""CLI: `svg-rdf conflicts`, `coverage` and `reconciliation` print the golden reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from tests.reports_support import GOLDEN, REPORT_CASES, copy_fixture

COMMANDS = ("conflicts", "coverage", "reconciliation")


@pytest.mark.parametrize("case", REPORT_CASES)
@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize(("options", "extension"), [([], "md"), (["--format", "json"], "json")])
def test_prints_the_report(
    case: str, name: str, options: list[str], extension: str, tmp_path: Path
) -> None:
    root = copy_fixture(case, tmp_path / "project")
    result = CliRunner().invoke(cli, [name, "--project", str(root), *options])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout_bytes == (GOLDEN / case / f"{name}.{extension}").read_bytes()
    assert not (root / "output").exists(), "the report commands never write output/"


@pytest.mark.parametrize("name", COMMANDS)
def test_bad_input_is_one_line_and_exit_2(name: str, tmp_path: Path) -> None:
    root = copy_fixture("reports-basic", tmp_path / "project")
    (root / "seeds" / "alpha.txt").write_text("changed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [name, "--project", str(root)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("seeds/alpha.txt: source changed: sha256 is ")
    assert result.stderr.count("\n") == 1


def test_a_bad_declaration_fails_coverage_with_its_line(tmp_path: Path) -> None:
    root = copy_fixture("reports-basic", tmp_path / "project")
    (root / "seeds" / "coverage.toml").write_text(
        '[[no_fact]]\nsource = "alpha"\nsentence = "Nothing like this"\nreason = "r"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["coverage", "--project", str(root)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "seeds/coverage.toml:3: no sentence of alpha.txt is or starts with 'Nothing like "
        "this'; copy the sentence verbatim from `svg-rdf coverage`, or remove the entry\n"
    )


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    root = copy_fixture("reports-agree", tmp_path / "project")
    result = CliRunner().invoke(cli, ["conflicts", "--project", str(root), "--format", "csv"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--format'" in result.stderr


def test_missing_project_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["reconciliation", "--project", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path}: no seeds/ folder here; run from a project folder or pass --project DIR\n"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_report_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert f"Usage: cli {name} [OPTIONS]" in result.stdout
    assert "--format [markdown|json]" in result.stdout
