"""CLI: exit codes, one-line errors, help for every command, documented in README.md or docs/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from svg_rdf.cli import cli
from tests.conftest import REPO


def commands() -> list[str]:
    return sorted(cli.commands)


def guides() -> str:
    """README.md and every page of docs/, where commands are documented."""
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    return "".join(page.read_text(encoding="utf-8") for page in pages)


def test_every_command_has_help_and_is_documented() -> None:
    readme = guides()
    assert commands()
    for name in commands():
        command = cli.commands[name]
        assert isinstance(command, click.Command)
        assert command.help and len(command.help) > 20, name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert f"svg-rdf {name}" in readme, f"neither README nor docs/ documents `svg-rdf {name}`"


def test_build_succeeds_and_reports_counts(project_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--project", str(project_dir)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("built ")
    assert "output/svg-rdf.ttl" in result.stdout


def test_violations_exit_1_and_write_nothing(project_dir: Path) -> None:
    shapes = project_dir / "shapes" / "extra.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix wikibase: <http://wikiba.se/ontology#> .\n"
        "<urn:x:no-items> a sh:NodeShape ; sh:targetClass wikibase:Item ;\n"
        "  sh:property [ sh:path <urn:x:never> ; sh:minCount 1 ;"
        ' sh:message "every item needs urn:x:never" ] .\n'
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(project_dir)])
    assert result.exit_code == 1
    assert "every item needs urn:x:never" in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("the graph violates the shapes (")
    assert last.endswith(" violations); output/ was not changed; each is listed above")
    assert not (project_dir / "output").exists()
    # export and query refuse the same graph with the same words (and load and serve too:
    # svg_rdf.errors.ViolationError)
    for command, refusal in (
        (["export", "--format", "turtle"], "nothing was written"),
        (["query", "SELECT * { ?s ?p ?o } LIMIT 1"], "nothing to query"),
    ):
        refused = CliRunner().invoke(cli, [*command, "--project", str(project_dir)])
        assert refused.exit_code == 1, (command, refused.output)
        assert (
            refused.stderr
            == last.replace(
                "output/ was not changed; each is listed above",
                f"{refusal}; run svg-rdf build to see them",
            )
            + "\n"
        )


def test_missing_project_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--project", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{tmp_path}: no seeds/ folder here; run from a project folder or pass --project DIR\n"
    )


def test_help_does_not_import_pyshacl_or_rdflib() -> None:
    code = (
        "import sys\n"
        "from svg_rdf.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pyshacl', 'rdflib') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "svg_rdf", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("svg-rdf, version ")


def test_the_contract_lists_every_property_of_the_table() -> None:
    import csv

    readme = (REPO / "docs" / "rdf-model.md").read_text(encoding="utf-8")
    with (REPO / "ontology" / "properties.csv").open(encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table):
            assert f"| {row['id']} | {row['label']} | {row['datatype']} |" in readme, row["id"]
