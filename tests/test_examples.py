"""examples/: each second project builds and checks from its data alone, as a user runs it."""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from tests.conftest import REPO

EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if (p / "seeds").is_dir())
MONGOLIA = REPO / "examples" / "mongolia-factbook"
DECLARATION = REPO / "examples" / "declaration-1776"
PARTY = "Mongolian People\u2019s Party"  # with the Factbook's typographic apostrophe


def copy(example: Path, target: Path) -> Path:
    shutil.copytree(example, target, ignore=shutil.ignore_patterns("output"))
    return target


def test_there_is_an_example() -> None:
    assert [p.name for p in EXAMPLES] == ["declaration-1776", "mongolia-factbook"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_has_no_code_and_records_its_sources(example: Path) -> None:
    assert not [p for p in example.rglob("*") if p.suffix in {".py", ".sh"}]
    registry = tomllib.loads((example / "seeds" / "sources.toml").read_text(encoding="utf-8"))
    readme = (example / "README.md").read_text(encoding="utf-8")
    for source in registry["source"]:
        data = (example / "seeds" / source["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"]
        assert source["license"] and source["url"]
        assert source["sha256"] in readme, "the README says how to obtain the text again"
    assert "licence" in readme.lower() and "origin" in readme.lower()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_builds_and_checks(example: Path, tmp_path: Path) -> None:
    project = copy(example, tmp_path / example.name)
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--project", str(project)])
    assert built.exit_code == 0, built.stderr
    assert built.stderr == ""
    checked = runner.invoke(cli, ["check", "--project", str(project)])
    assert checked.exit_code == 0, checked.output
    assert "passes" in checked.stdout


def test_mongolia_statements_quotes_and_derived_number(tmp_path: Path) -> None:
    project = copy(MONGOLIA, tmp_path / "mongolia")
    result = CliRunner().invoke(cli, ["build", "--project", str(project)])
    assert result.exit_code == 0, result.stderr
    assert "15 statements" in result.stdout
    coverage = json.loads((project / "output" / "coverage.json").read_text(encoding="utf-8"))
    (derived,) = coverage["derived"]
    assert derived["statement"].startswith("Genghis Khan: P39 (position held)")
    assert "13th century" in derived["derived"][0]
    text = (project / "seeds" / "mongolia-background.txt").read_text(encoding="utf-8")
    turtle = (project / "output" / "mongolia-factbook.ttl").read_text(encoding="utf-8")
    assert PARTY in text and PARTY in turtle


def test_mongolia_a_straight_apostrophe_is_named(tmp_path: Path) -> None:
    project = copy(MONGOLIA, tmp_path / "mongolia")
    facts = project / "seeds" / "facts" / "history.toml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace(
            f'quote = "which took the name {PARTY}',
            "quote = \"which took the name Mongolian People's Party",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(project)])
    assert result.exit_code == 2
    assert (
        "the source has U+2019 RIGHT SINGLE QUOTATION MARK where the quote has U+0027 APOSTROPHE"
        in result.stderr
    )
    assert result.stderr.count("\n") == 1


def test_mongolia_a_mistyped_year_stops_the_build(tmp_path: Path) -> None:
    project = copy(MONGOLIA, tmp_path / "mongolia")
    facts = project / "seeds" / "facts" / "history.toml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("value = 1924", "value = 1942"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--project", str(project)])
    assert result.exit_code == 2
    assert result.stderr.startswith("seeds/facts/history.toml:")
    assert "the year 1942 (P571) is not in the quote or context (they give 1924)" in result.stderr


def build_declaration(tmp_path: Path) -> tuple[Path, str]:
    project = copy(DECLARATION, tmp_path / "declaration")
    built = CliRunner().invoke(cli, ["build", "--project", str(project)])
    assert built.exit_code == 0, built.stderr
    assert built.stderr == "", "the build warns about nothing"
    return project, built.stdout


def test_declaration_is_a_real_project_of_another_kind(tmp_path: Path) -> None:
    """A declaration, not an encyclopedia article: 57 claims, 0 conflicts, 0 warnings."""
    (source,) = tomllib.loads((DECLARATION / "seeds" / "sources.toml").read_text("utf-8"))["source"]
    assert "encyclopedia" not in source["kind"]
    facts = tomllib.loads((DECLARATION / "seeds" / "facts" / "declaration.toml").read_text("utf-8"))
    signatories = [c for c in facts["claim"] if c["property"] == "P1891"]
    assert len(facts["claim"]) == 57 and len(signatories) == 56
    project, stdout = build_declaration(tmp_path)
    assert "57 statements, 57 evidence spans, 57 entities, 1 sources" in stdout
    report = json.loads((project / "output" / "conflicts.json").read_text(encoding="utf-8"))
    assert report["summary"]["conflicts"] == 0
    # P1891 holds several values: the 56 signatories differ pairwise, and none is a conflict.
    assert report["summary"]["differences_not_conflicts"] == 56 * 55 // 2
    # 56 signatories are 1,540 pairs but one group: the summary says both
    assert report["summary"]["difference_groups"] == 1
    summary = (project / "output" / "conflicts.md").read_text(encoding="utf-8")
    assert "Differences that are not conflicts: 1540 pairs of statements, in 1 " in summary
    assert "in 1 subject-property group (a property that holds several values" in summary
    checked = CliRunner().invoke(cli, ["check", "--project", str(project)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("0 violations, 0 warnings, 0 info")


def test_declaration_uncurated_sentences_are_the_ones_its_readme_explains(tmp_path: Path) -> None:
    project, _ = build_declaration(tmp_path)
    coverage = json.loads((project / "output" / "coverage.json").read_text(encoding="utf-8"))
    (source,) = coverage["sources"]
    readme = (DECLARATION / "README.md").read_text(encoding="utf-8")
    left = [u["text"] for u in source["uncited"] if u["status"] == "needs-curation"]
    assert len(left) == source["counts"]["uncited_needs_curation"] == 3
    for sentence in left:
        opening = " ".join(sentence.split()[:5])
        assert opening in " ".join(readme.split()), f"README.md explains {opening!r}"


def test_declaration_a_second_date_is_a_real_conflict(tmp_path: Path) -> None:
    """The 0 above can fail: a second inception of the same document is a conflict."""
    project = copy(DECLARATION, tmp_path / "declaration")
    facts = project / "seeds" / "facts" / "declaration.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + """
[[claim]]
subject = "declaration-of-independence"
property = "P571"
value = { value = "1776-08-02", precision = 11 }
derived = "a second date, for this test only"
evidence = [{ source = "declaration-of-independence", quote = "IN CONGRESS, July 4, 1776." }]
""",
        encoding="utf-8",
    )
    built = CliRunner().invoke(cli, ["build", "--project", str(project)])
    assert built.exit_code == 0, built.stderr
    report = json.loads((project / "output" / "conflicts.json").read_text(encoding="utf-8"))
    assert report["summary"]["conflicts"] == 1
    assert report["summary"]["within_a_source"] == 1
