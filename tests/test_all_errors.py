"""Every independent curation error of a build at once, like a compiler (issue 20, item 3):
each `path:line: what; fix` on its own line, exit 2, errors that follow from another not
repeated, a limit with "… and N more"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.errors import DataFileError
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from tests.conftest import make_project

PLACE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+)(?::\d+)?: .+; .+$")


def build(project: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def three_mistakes(project: Path) -> None:
    """One mistake in each of three files, none following from another."""
    seeds = project / "seeds"
    (seeds / "entities" / "more.toml").write_text(
        '[[entity]]\nslug = "gamma-town"\nlable = "Gamma Town"\nkind = "place"\n',
        encoding="utf-8",
    )
    replace(seeds / "facts" / "squadron.toml", 'in March 1938" }]\n\n', 'in Marsh 1938" }]\n\n')
    (seeds / "facts" / "more.toml").write_text(
        'subject = "test-squadron"\n\n[[claim]]\nproperty = "P99999"\nvalue = "x"\n'
        'evidence = [{ source = "alpha", quote = "The Test Squadron" }]\n',
        encoding="utf-8",
    )


def test_three_mistakes_in_three_files_give_three_errors_from_one_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    three_mistakes(project)
    code, stdout, stderr = build(project)
    lines = stderr.splitlines()
    assert code == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    assert [PLACE.match(line) is not None for line in lines] == [True] * 3, stderr
    assert [line.split(":")[0] for line in lines] == [
        "seeds/entities/more.toml",
        "seeds/facts/more.toml",
        "seeds/facts/squadron.toml",
    ]
    assert "unknown key 'lable'" in lines[0]
    assert "unknown property 'P99999'" in lines[1]
    assert "quote not found" in lines[2]
    assert not (project / "output").exists()


def test_the_library_raises_one_data_file_error_carrying_all(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    three_mistakes(project)
    with pytest.raises(DataFileError) as caught:
        curate(Project.at(project))
    errors = caught.value.errors
    assert len(errors) == 3
    assert str(caught.value).splitlines() == [str(error) for error in errors]
    # the first error's place is the exception's own, for callers that read one
    assert (caught.value.path, caught.value.line) == (errors[0].path, errors[0].line)


def test_one_error_is_raised_as_itself(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    replace(
        project / "seeds" / "facts" / "squadron.toml",
        'in March 1938" }]\n\n',
        'in Marsh 1938" }]\n\n',
    )
    with pytest.raises(DataFileError) as caught:
        curate(Project.at(project))
    assert caught.value.errors == (caught.value,)
    assert "\n" not in str(caught.value)


def test_ten_mistakes_give_ten_errors_from_one_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    three_mistakes(project)
    seeds = project / "seeds"
    facts = seeds / "facts" / "squadron.toml"
    replace(facts, 'value = "1938-03"\n', 'value = "1938-13"\n')  # 4 malformed date
    replace(facts, 'rank = "preferred"', 'rank = "prefered"')  # 5 unknown rank
    replace(facts, 'quote = "The Test Squadron" }', 'qoute = "The Test Squadron" }')  # 6 key
    replace(facts, 'property = "P1932"', 'property = "P19322"')  # 7 unknown property
    replace(seeds / "entities" / "things.toml", 'qid = "Q16666"', 'qid = "16666"')  # 8 Q-id
    # 9: a misspelt entity in a new file; 10: malformed TOML in another
    (seeds / "facts" / "nine.toml").write_text(
        '[[claim]]\nsubject = "test-squadrom"\nproperty = "P1448"\nvalue = "Test Squadron"\n'
        'evidence = [{ source = "alpha", quote = "The Test Squadron" }]\n',
        encoding="utf-8",
    )
    (seeds / "facts" / "ten.toml").write_text('[[claim]\nproperty = "P1448"\n', encoding="utf-8")
    code, _, stderr = build(project)
    lines = stderr.splitlines()
    assert code == 2
    assert len(lines) == 10, stderr
    assert all(PLACE.match(line) for line in lines), stderr
    assert len({line.split(":")[0] for line in lines}) == 6


def test_errors_that_follow_from_an_entity_file_that_failed_are_not_repeated(
    tmp_path: Path,
) -> None:
    """things.toml does not parse: the claims naming its entities are not reported."""
    project = make_project(tmp_path / "p")
    replace(project / "seeds" / "entities" / "things.toml", 'kind = "place"', "kind = place")
    code, _, stderr = build(project)
    assert code == 2
    assert stderr.splitlines() == [stderr.strip()], stderr
    assert stderr.startswith("seeds/entities/things.toml:")
    assert "malformed TOML" in stderr


def test_errors_that_follow_from_one_bad_entity_are_not_repeated(tmp_path: Path) -> None:
    """alpha-town's table is refused: the claims and infobox rows naming it are not."""
    project = make_project(tmp_path / "p")
    replace(
        project / "seeds" / "entities" / "things.toml",
        'label = "Alpha Town"\nkind = "place"',
        'label = "Alpha Town"\nkind = "plaice"',
    )
    code, _, stderr = build(project)
    assert code == 2
    assert len(stderr.splitlines()) == 1, stderr
    assert "unknown kind 'plaice'" in stderr


def test_errors_that_follow_from_a_changed_source_are_not_repeated(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "seeds" / "alpha.txt").write_text("changed\n", encoding="utf-8")
    code, _, stderr = build(project)
    assert code == 2
    assert len(stderr.splitlines()) == 1, stderr
    assert "source changed" in stderr


def test_errors_that_follow_from_a_bad_property_row_are_not_repeated(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "ontology" / "extra.csv").write_text(
        "id,label,datatype,evidence\nP5555,test,wikibase-itme,test\n", encoding="utf-8"
    )
    facts = project / "seeds" / "facts" / "squadron.toml"
    replace(facts, 'property = "P1448"', 'property = "P5555"')
    code, _, stderr = build(project)
    assert code == 2
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith("ontology/extra.csv:2: unknown datatype")


def test_many_errors_stop_at_the_limit(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    claims = "".join(
        f'[[claim]]\nsubject = "test-squadron"\nproperty = "P{90000 + n}"\nvalue = "x"\n'
        'evidence = [{ source = "alpha", quote = "The Test Squadron" }]\n\n'
        for n in range(60)
    )
    (project / "seeds" / "facts" / "many.toml").write_text(claims, encoding="utf-8")
    code, _, stderr = build(project)
    lines = stderr.splitlines()
    assert code == 2
    assert len(lines) == 51
    assert all(PLACE.match(line) for line in lines[:50])
    assert lines[50] == "… and 10 more errors; fix these and build again"


def test_a_rank_whose_reason_property_failed_is_no_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    table = project / "ontology" / "properties.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = [
        line.replace(",wikibase-item,", ",wikibase-itme,") if line.startswith("P7452,") else line
        for line in lines
    ]
    assert broken != lines
    table.write_text("".join(broken), encoding="utf-8")
    facts = project / "seeds" / "facts" / "squadron.toml"
    replace(facts, 'P585 = "1940", P7452 = "killed-in-action" }', 'P585 = "1940" }')
    code, _, stderr = build(project)
    assert code == 2
    assert "Traceback" not in stderr
    assert stderr.startswith("ontology/properties.csv:"), stderr
    assert len(stderr.splitlines()) == 1, stderr


def test_the_same_mistake_in_one_file_is_one_line_naming_the_others(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    things = project / "seeds" / "entities" / "things.toml"
    things.write_text(
        things.read_text(encoding="utf-8").replace('kind = "place"', 'kind = "town"'),
        encoding="utf-8",
    )
    code, _, stderr = build(project)
    assert code == 2
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith("seeds/entities/things.toml:10: unknown kind 'town'; ")
    assert stderr.rstrip().endswith("(the same at line 15)")


def test_each_bad_coverage_declaration_is_reported(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    entry = '[[no_fact]]\nsource = "alpha"\nsentence = "It flew."\n{}\n\n'
    (project / "seeds" / "coverage.toml").write_text(
        entry.format('reasn = "x"') + entry.format('reason = "x"') + entry.format("reason = 1"),
        encoding="utf-8",
    )
    code, _, stderr = build(project)
    lines = stderr.splitlines()
    assert code == 2
    assert [line.split(": ")[0] for line in lines] == [
        "seeds/coverage.toml:4",
        "seeds/coverage.toml:14",
    ], stderr
    assert "unknown key 'reasn' (did you mean 'reason'?)" in lines[0]
