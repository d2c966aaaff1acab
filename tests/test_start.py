"""Starting a project: `svg-rdf init` builds and checks at once; `add-source` registers texts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from svg_rdf.cli import cli
from svg_rdf.curation.schemas import KINDS

TEXT = "The Town of Alpha was founded in 1901.\nIn 1950 it had 3,000 people.\n"


def run(*arguments: str) -> Result:
    return CliRunner().invoke(cli, list(arguments))


@pytest.fixture
def started(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    result = run("init", str(root), "--title", "Towns of the valley", "--prefix", "tw")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return root


def test_init_makes_a_project_that_builds_and_checks_at_once(started: Path) -> None:
    assert sorted(p.relative_to(started).as_posix() for p in started.rglob("*")) == [
        "GUIDE.md",
        "ontology",
        "ontology/README.md",
        "queries",
        "queries/README.md",
        "schemas",
        *(f"schemas/{kind}.schema.json" for kind in sorted(KINDS)),
        "seeds",
        "seeds/dataset.toml",
        "seeds/entities",
        "seeds/facts",
        "seeds/infobox",
        "seeds/sources.toml",
        "seeds/wikidata.toml",
        "shapes",
        "shapes/README.md",
    ]
    guide = (started / "GUIDE.md").read_text(encoding="utf-8")
    assert guide.startswith("# Towns of the valley\n") and "svg-rdf add-source" in guide
    build = run("build", "--project", str(started))
    assert build.exit_code == 0, build.stderr
    assert build.stdout.startswith("built ") and "output/towns.ttl" in build.stdout
    check = run("check", "--project", str(started))
    assert check.exit_code == 0, check.stdout + check.stderr
    listing = run("query", "--project", str(started), "--list")
    assert listing.exit_code == 0 and "sources: What each source contributes" in listing.stdout


def test_a_first_source_entity_and_fact(started: Path, tmp_path: Path) -> None:
    text = tmp_path / "Alpha Town (history).txt"
    text.write_text(TEXT, encoding="utf-8")
    added = run(
        "add-source", str(text), "--project", str(started),
        "--title", 'The "Alpha" history', "--license", "cc-by-sa-4.0",
        "--url", "https://example.org/alpha",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    assert added.stdout == (
        f"added seeds/alpha_town_history.txt (sha256 {digest}) to seeds/sources.toml\n"
        "saved as alpha_town_history.txt, not Alpha Town (history).txt: a source's name is "
        "lowercase letters, digits, '_' or '-' and its file must end in .txt; pass --name to "
        "choose another\n"
    )
    assert (started / "seeds" / "alpha_town_history.txt").read_text(encoding="utf-8") == TEXT
    registry = (started / "seeds" / "sources.toml").read_text(encoding="utf-8")
    assert 'title = "The \\"Alpha\\" history"' in registry
    assert 'license = "CC-BY-SA-4.0"' in registry and f'sha256 = "{digest}"' in registry
    (started / "seeds" / "entities" / "towns.toml").write_text(
        '[[entity]]\nslug = "alpha"\nlabel = "Alpha"\nkind = "place"\n', encoding="utf-8"
    )
    (started / "seeds" / "facts" / "alpha.toml").write_text(
        '[[claim]]\nsubject = "alpha"\nproperty = "P571"\nvalue = "1901"\n'
        'evidence = [{ source = "alpha_town_history", quote = "founded in 1901" }]\n',
        encoding="utf-8",
    )
    build = run("build", "--project", str(started))
    assert build.exit_code == 0, build.stderr
    assert "1 statements" in build.stdout and "1 sources" in build.stdout
    turtle = (started / "output" / "towns.ttl").read_text(encoding="utf-8")
    assert "<https://creativecommons.org/licenses/by-sa/4.0/>" in turtle
    assert "twe:alpha" in turtle
    assert run("check", "--project", str(started)).exit_code == 0
    assert run("query", "--project", str(started), "--example", "facts",
               "--label", "Alpha").stdout.count("founded in 1901") == 1  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--license", "CC BY-SA 4.0"], "--license 'CC BY-SA 4.0' is neither an IRI nor an SPDX"),
        (["--license", "MIT", "--language", "English"], "--language 'English' is not"),
        (["--license", "MIT", "--name", "Alpha Town"], "--name 'Alpha Town' must be"),
        (["--license", "MIT", "--url", "www.example.org"], "--url 'www.example.org' is not"),
    ],
)
def test_add_source_refuses_in_one_line_and_writes_nothing(
    started: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    text = tmp_path / "alpha.txt"
    text.write_text(TEXT, encoding="utf-8")
    before = (started / "seeds" / "sources.toml").read_bytes()
    result = run("add-source", str(text), "--project", str(started), "--title", "A", *arguments)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert (started / "seeds" / "sources.toml").read_bytes() == before
    assert not (started / "seeds" / "alpha.txt").exists()


def test_add_source_refuses_a_text_that_is_not_utf8_or_registered_twice(
    started: Path, tmp_path: Path
) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café\n".encode("latin-1"))
    result = run("add-source", str(latin), "--project", str(started), "--title", "L",
                 "--license", "MIT")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == f"{latin}:1:4: invalid UTF-8 (byte 0xe9); save the file as UTF-8\n"
    text = tmp_path / "alpha.txt"
    text.write_text(TEXT, encoding="utf-8")
    first = run("add-source", str(text), "--project", str(started), "--title", "A",
                "--license", "MIT")  # fmt: skip
    assert first.exit_code == 0
    again = run("add-source", str(text), "--project", str(started), "--title", "A",
                "--license", "MIT", "--name", "other")  # fmt: skip
    assert again.exit_code == 2
    assert again.stderr == f"{text}: this text is registered already as alpha.txt; " + (
        "a source is registered once\n"
    )


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}: this folder is not empty; choose a new or empty folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--prefix", "P"], "--prefix 'P' must be"),
        (["--name", "My Data"], "--name 'My Data' must be"),
        (["--base-iri", "https://example.org/x"], "--base-iri 'https://example.org/x' is not"),
        (["--license", "copyleft"], "--license 'copyleft' is neither"),
    ],
)
def test_init_refuses_bad_options(tmp_path: Path, arguments: list[str], message: str) -> None:
    result = run("init", str(tmp_path / "new"), *arguments)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not (tmp_path / "new").exists()


def test_a_text_already_in_seeds_is_registered_where_it_is(started: Path) -> None:
    text = started / "seeds" / "beta.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = run("add-source", str(text), "--project", str(started), "--title", "B",
                 "--license", "CC0-1.0")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("added seeds/beta.txt (sha256 ")
    assert text.read_text(encoding="utf-8") == TEXT
    assert run("build", "--project", str(started)).exit_code == 0
