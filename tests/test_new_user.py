"""The small things a new user hits (issue 20, item 5): each message leads to a fix that
works when followed as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from svg_rdf.cli import cli
from tests.conftest import make_project


def build(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", "--project", str(project)])
    return result.exit_code, result.stderr


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_PROPERTY = 'subject = "test-squadron"\n\n[[claim]]\nproperty = "P9999999"\nvalue = "x"\n'
NEW_PROPERTY += 'evidence = [{ source = "alpha", quote = "The Test Squadron" }]\n'
ROW = "id,label,datatype,evidence\nP9999999,test property,string,a test's own\n"


def new_user_project(tmp_path: Path) -> Path:
    """The fixture project on the packaged property table (no ontology/properties.csv of its
    own, as after `svg-rdf init`), with a claim using a property that table lacks."""
    project = make_project(tmp_path / "p")
    (project / "ontology" / "properties.csv").unlink()
    (project / "seeds" / "facts" / "new.toml").write_text(NEW_PROPERTY, encoding="utf-8")
    return project


def test_the_unknown_property_message_says_which_file_adds_a_row(tmp_path: Path) -> None:
    project = new_user_project(tmp_path)
    code, stderr = build(project)
    assert code == 2
    assert "unknown property 'P9999999'" in stderr
    assert "to a .csv file in ontology/ other than properties.csv" in stderr
    assert "properties.csv replaces the packaged table" in stderr
    assert "add it there" not in stderr


def test_following_the_message_builds(tmp_path: Path) -> None:
    project = new_user_project(tmp_path)
    (project / "ontology" / "more-properties.csv").write_text(ROW, encoding="utf-8")
    code, stderr = build(project)
    assert code == 0, stderr


def test_the_message_is_true_properties_csv_replaces_the_packaged_table(tmp_path: Path) -> None:
    project = new_user_project(tmp_path)
    (project / "ontology" / "properties.csv").write_text(ROW, encoding="utf-8")
    code, stderr = build(project)
    assert code == 2
    assert "unknown property 'P740'" in stderr  # a packaged property, gone with the table


def test_a_misspelt_evidence_key_gets_did_you_mean(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    facts = project / "seeds" / "facts" / "squadron.toml"
    replace(facts, 'quote = "The Test Squadron" }', 'qoute = "The Test Squadron" }')
    code, stderr = build(project)
    line = 1 + facts.read_text(encoding="utf-8").split("qoute")[0].count("\n")
    assert code == 2
    assert stderr.startswith(f"seeds/facts/squadron.toml:{line}: ")
    assert "unknown key 'qoute' (did you mean 'quote'?)" in stderr
    assert "remove qoute" not in stderr


def test_a_misspelt_value_key_gets_did_you_mean(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    facts = project / "seeds" / "facts" / "squadron.toml"
    replace(facts, "value = { value = 12, lower = 12 }", "value = { value = 12, lowr = 12 }")
    code, stderr = build(project)
    assert code == 2
    assert "unknown key 'lowr' (did you mean 'lower'?)" in stderr
    assert "remove lowr" not in stderr


def test_a_key_like_none_allowed_is_still_removed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    facts = project / "seeds" / "facts" / "squadron.toml"
    replace(facts, 'quote = "The Test Squadron" }', 'quote = "The Test Squadron", xyz = 1 }')
    code, stderr = build(project)
    assert code == 2
    assert "unknown key 'xyz' in evidence" in stderr
    assert stderr.rstrip().endswith("remove xyz")


TEXT = "The Town of Alpha was founded in 1901.\n"


@pytest.fixture
def started(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    result = CliRunner().invoke(cli, ["init", str(root), "--title", "Towns", "--prefix", "tw"])
    assert result.exit_code == 0, result.stderr
    return root


def add_source(started: Path, text: Path) -> Result:
    return CliRunner().invoke(
        cli,
        ["add-source", str(text), "--project", str(started), "--title", "A", "--license", "MIT"],
    )


def test_add_source_keeps_the_file_name(started: Path, tmp_path: Path) -> None:
    text = tmp_path / "battle-of-wuhan.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = add_source(started, text)
    assert result.exit_code == 0, result.stderr
    assert (started / "seeds" / "battle-of-wuhan.txt").read_text(encoding="utf-8") == TEXT
    assert 'file = "battle-of-wuhan.txt"' in (started / "seeds" / "sources.toml").read_text()
    assert result.stdout.startswith("added seeds/battle-of-wuhan.txt ")
    assert result.stdout.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "saved", "why"),
    [
        ("Alpha Town (history).txt", "alpha_town_history.txt", "lowercase letters, digits"),
        ("Battle-of-Wuhan.txt", "battle-of-wuhan.txt", "lowercase letters, digits"),
        ("wuhan.md", "wuhan.txt", "end in .txt"),
    ],
)
def test_add_source_says_why_it_renames(
    started: Path, tmp_path: Path, name: str, saved: str, why: str
) -> None:
    text = tmp_path / name
    text.write_text(TEXT, encoding="utf-8")
    result = add_source(started, text)
    assert result.exit_code == 0, result.stderr
    assert (started / "seeds" / saved).read_text(encoding="utf-8") == TEXT
    first, note = result.stdout.splitlines()
    assert first.startswith(f"added seeds/{saved} ")
    assert note.startswith(f"saved as {saved}, not {name}: ")
    assert why in note and "--name" in note
