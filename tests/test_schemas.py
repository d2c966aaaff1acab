"""Schemas: every data file and fixture validates against the JSON Schema of its kind.

Checked twice: by the `jsonschema` package on the parsed TOML, and by taplo, the TOML
toolkit the Even Better TOML editor extension runs, reading each file's `#:schema` line.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from svg_rdf.curation.schemas import (
    DIRECTIVE,
    KINDS,
    data_files,
    directive,
    install,
    schema,
    schema_name,
    schema_text,
)
from tests.conftest import DATA, REPO
from tests.needs import missing

SCHEMAS = REPO / "svg_rdf" / "defaults" / "schemas"
EXAMPLES = sorted(p for p in (REPO / "examples").glob("*") if (p / "seeds").is_dir())
PROJECTS = [REPO, *EXAMPLES]  # data files that carry the #:schema line
FIXTURES = sorted(p for p in DATA.iterdir() if (p / "seeds").is_dir())
# Bad fixtures whose fault is one of shape (a key, a pattern), which the schema sees too.
SCHEMA_CATCHES = {"bad-mistyped-key", "bad-unknown-property-by-label", "bad-source-permalink"}


def plain(value: Any) -> Any:
    """TOML values as JSON sees them: dates and times become ISO strings."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def errors(path: Path, kind: str) -> list[str]:
    document = plain(tomllib.loads(path.read_text(encoding="utf-8")))
    validator = Draft7Validator(schema(kind), format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def named(root: Path, path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_schema_is_a_valid_draft_7_schema(kind: str) -> None:
    Draft7Validator.check_schema(schema(kind))
    assert schema(kind)["title"].startswith("svg-rdf ")


def test_there_is_a_schema_for_every_kind_and_no_other() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(map(schema_name, KINDS))


@pytest.mark.parametrize(
    ("path", "kind"),
    [(p, k) for root in PROJECTS for p, k in data_files(root)],
    ids=lambda v: named(REPO, v) if isinstance(v, Path) else v,
)
def test_every_data_file_starts_with_its_schema_line_and_validates(path: Path, kind: str) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == directive(path, SCHEMAS, kind)
    assert (path.parent / first.removeprefix(DIRECTIVE)).resolve() == SCHEMAS / schema_name(kind)
    assert errors(path, kind) == []


def test_the_repository_has_data_files_of_most_kinds() -> None:
    kinds = {kind for _, kind in data_files(REPO)}
    assert kinds >= {"sources", "entities", "facts", "infobox", "coverage", "dataset", "wikidata"}


def fixture_files() -> list[tuple[Path, str]]:
    found = []
    for case in FIXTURES:
        for path, kind in data_files(case):
            try:
                tomllib.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # the malformed-file cases are not TOML at all
            found.append((path, kind))
    return found


def faulty_file(case: Path) -> Path | None:
    """The data file a bad fixture's expected error names (where the build refuses it)."""
    expected = case / "expected-stderr.txt"
    if not expected.exists():
        return None
    return case / expected.read_text(encoding="utf-8").split(":", 1)[0]


@pytest.mark.parametrize(
    ("path", "kind"), fixture_files(), ids=lambda v: named(REPO, v) if isinstance(v, Path) else v
)
def test_every_fixture_validates_unless_it_is_the_faulty_file(path: Path, kind: str) -> None:
    """Good fixtures validate; a bad fixture's other files too. Its faulty file may or may
    not be refused by the schema (a quote not found is no matter of shape); the cases in
    SCHEMA_CATCHES must be."""
    case = DATA / path.relative_to(DATA).parts[0]
    found = errors(path, kind)
    if case.name in SCHEMA_CATCHES and path == faulty_file(case):
        assert found, f"the schema should refuse {case.name}"
    elif path != faulty_file(case):
        assert found == [], found


def test_install_writes_the_shipped_schemas(tmp_path: Path) -> None:
    written = install(tmp_path / "schemas")
    assert sorted(p.name for p in written) == sorted(map(schema_name, KINDS))
    for path in written:
        assert path.read_text(encoding="utf-8") == schema_text(path.name.split(".")[0])
    facts = tmp_path / "seeds" / "facts" / "unit.toml"
    assert directive(facts, tmp_path / "schemas", "facts") == (
        "#:schema ../../schemas/facts.schema.json"
    )


# --- taplo, the real tool editors run ----------------------------------------------------


def taplo() -> str:
    beside_python = str(Path(sys.executable).parent)
    found = shutil.which("taplo", path=os.pathsep.join([beside_python, os.environ["PATH"]]))
    if found is None:
        missing("taplo", "pip install -e '.[test]' installs it")
    return found


def run_taplo(files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [taplo(), "check", "--no-auto-config", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: named(REPO, p) or ".")
def test_taplo_checks_every_data_file_by_its_schema_line(root: Path) -> None:
    files = [path for path, _ in data_files(root)]
    result = run_taplo(files, root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_taplo_refuses_a_mistyped_key(tmp_path: Path) -> None:
    facts = tmp_path / "seeds" / "facts" / "unit.toml"
    facts.parent.mkdir(parents=True)
    install(tmp_path / "schemas")
    facts.write_text(
        directive(facts, tmp_path / "schemas", "facts")
        + '\n[[claim]]\nproperty = "P31"\nvalue = "unit"\nqualifer = { P585 = 1937 }\n'
        'evidence = [{ source = "a", quote = "b" }]\n',
        encoding="utf-8",
    )
    result = run_taplo([facts], tmp_path)
    assert result.returncode == 1
    assert "'qualifer' was unexpected" in result.stdout + result.stderr


def test_a_new_project_carries_its_schemas_and_taplo_checks_it(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from svg_rdf.cli import cli

    root = tmp_path / "towns"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    files = data_files(root)
    assert {kind for _, kind in files} == {"dataset", "sources", "wikidata"}
    for path, kind in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == directive(path, root / "schemas", kind)
        assert errors(path, kind) == []
    facts = root / "seeds" / "facts" / "towns.toml"
    facts.write_text(
        "#:schema ../../schemas/facts.schema.json\n[[claim]]\nproperty = 31\n", encoding="utf-8"
    )
    result = run_taplo([path for path, _ in files], root)
    assert result.returncode == 0, result.stdout + result.stderr
    refused = run_taplo([facts], root)
    assert refused.returncode == 1
    assert '"evidence" is a required property' in refused.stdout + refused.stderr
