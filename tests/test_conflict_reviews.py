"""Conflicts on a new project: several values are no conflict, a real disagreement stays,
and a curator's review (seeds/conflicts.toml) shows in the report and on the site."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft7Validator

from svg_rdf import reports
from svg_rdf.cli import cli
from svg_rdf.curation.schemas import schema
from svg_rdf.pipeline import curate
from svg_rdf.project import Project
from svg_rdf.reports import conflicts, conflicts_markdown
from svg_rdf.wikidata_settings import QsSettings
from tests.conflicts_support import wuhan_project
from tests.reports_support import copy_fixture

REVIEW = """#:schema ../../schemas/conflicts.schema.json
# reviewed conflicts

[[reviewed]]
subject = "battle-of-wuhan"
property = "P1120"
values = ["84875", "254628"]
reason = "test: the two revisions count at different dates"
"""


def conflicts_of(root: Path) -> dict[str, object]:
    project = Project.at(root)
    return reports.document("conflicts", project, curate(project), QsSettings())


def build(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", "--project", str(root)])
    return result.exit_code, result.stderr


# --- several values against one -------------------------------------------------------------


def test_the_wuhan_project_has_no_false_conflict_and_keeps_the_real_one(tmp_path: Path) -> None:
    document = conflicts_of(wuhan_project(tmp_path / "wuhan"))
    found = [(c["property"], c["rule"], c["where"]) for c in document["conflicts"]]
    # location, participant and commanded by hold several values: the infobox lists some,
    # the prose others, no source contradicts itself; two death counts at one scope do
    assert found == [("P1120", "one-value-per-scope", ["between sources"])]
    assert document["summary"]["conflicts"] == 1


def test_a_single_valued_contradiction_inside_one_revision_is_reported_within_it(
    tmp_path: Path,
) -> None:
    later = (
        '[[claim]]\nproperty = "P1120"\nvalue = 90000\n'
        'evidence = [{ source = "older", quote = "A later count gave 90,000 dead." }]\n'
    )
    root = wuhan_project(tmp_path / "wuhan")
    facts = root / "seeds" / "facts" / "battle.toml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n" + later, encoding="utf-8")
    document = conflicts_of(root)
    rules = {(c["property"], tuple(c["where"])) for c in document["conflicts"]}
    assert ("P1120", ("between sources", "within older")) in rules


# --- reviewed: not a conflict --------------------------------------------------------------


def reviewed_project(tmp_path: Path, text: str = REVIEW) -> Path:
    root = wuhan_project(tmp_path / "wuhan")
    (root / "seeds" / "conflicts.toml").write_text(text, encoding="utf-8")
    return root


def test_a_reviewed_conflict_is_shown_with_its_reason(tmp_path: Path) -> None:
    document = conflicts_of(reviewed_project(tmp_path))
    [entry] = document["conflicts"]
    assert entry["status"] == conflicts.REVIEWED
    assert entry["review"] == {
        "reason": "test: the two revisions count at different dates",
        "declared_at": "seeds/conflicts.toml:4",
    }
    summary = document["summary"]
    assert (summary["conflicts"], summary["reviewed_not_conflicts"]) == (0, 1)
    text = conflicts_markdown.markdown(document)
    assert "- Reviewed, not a conflict: 1 " in text
    assert "| `one-value-per-scope` | between sources | none | reviewed: not a conflict |" in text
    assert (
        "- Reviewed (`seeds/conflicts.toml:4`): test: the two revisions count at different dates"
    ) in text


def test_without_the_review_the_same_conflict_is_open(tmp_path: Path) -> None:
    [entry] = conflicts_of(wuhan_project(tmp_path / "wuhan"))["conflicts"]
    assert entry["status"] == conflicts.OPEN and entry["review"] is None


def test_an_item_value_may_be_named_by_its_slug(tmp_path: Path) -> None:
    root = copy_fixture("reports-basic", tmp_path / "basic")
    (root / "seeds" / "conflicts.toml").write_text(
        '[[reviewed]]\nsubject = "test-squadron"\nproperty = "P740"\n'
        'values = ["nanjing", "Lanzhou"]\nreason = "test"\n',
        encoding="utf-8",
    )
    statuses = {c["property"]: c["status"] for c in conflicts_of(root)["conflicts"]}
    assert statuses == {"P576": conflicts.OPEN, "P740": conflicts.REVIEWED}


def test_the_site_shows_the_review_instead_of_a_disagreement(tmp_path: Path) -> None:
    root = reviewed_project(tmp_path)
    assert build(root) == (0, "")
    site = root / "output" / "site"
    entity = (site / "entity" / "battle-of-wuhan.html").read_text(encoding="utf-8")
    assert "The statements differ (reviewed: not a conflict)" in entity
    assert "Reviewed: not a conflict. test: the two revisions count at different dates" in entity
    assert "conflict unexplained" not in entity and "Disagrees with" not in entity
    assert "0 open conflicts." in (site / "index.html").read_text(encoding="utf-8")
    page = (site / "conflicts.html").read_text(encoding="utf-8")
    assert "1 conflicts: 0 open, 0 resolved by rank, 1 reviewed: not a conflict" in page
    written = json.loads((root / "output" / "conflicts.json").read_text(encoding="utf-8"))
    assert written["conflicts"][0]["status"] == conflicts.REVIEWED


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            'subject = "battle-of-wuhan"\nproperty = "P1120"\nvalues = ["84875", "1"]\n'
            'reason = "r"\n',
            'seeds/conflicts.toml:1: values ["84875", "1"] match no conflict of '
            "'battle-of-wuhan' on P1120; write the values of its statements as "
            'output/conflicts.md shows them: values = ["254628", "84875"]',
        ),
        (
            'subject = "battle-of-wuhan"\nproperty = "P276"\nvalues = ["Wuhan", "Anhui"]\n'
            'reason = "r"\n',
            "seeds/conflicts.toml:1: no conflict of 'battle-of-wuhan' on P276 is reported; "
            "remove the entry (the conflict is gone), or copy subject and property from "
            "output/conflicts.md",
        ),
        (
            'subject = "battle-of-wuhan"\nproperty = "P1120"\nvalues = ["84875"]\nresaon = "r"\n',
            "seeds/conflicts.toml:5: unknown key 'resaon' (did you mean 'reason'?); use one "
            "of: property, reason, subject, values",
        ),
        (
            'subject = "battle-of-wuhan"\nproperty = "number of deaths"\nvalues = ["1"]\n'
            'reason = "r"\n',
            "seeds/conflicts.toml:3: property 'number of deaths' is not a property id; write "
            "the id as the report shows it, e.g. P1120",
        ),
        (
            'subject = "battle-of-wuhan"\nproperty = "P1120"\nvalues = "84875"\nreason = "r"\n',
            "seeds/conflicts.toml:4: 'values' must be a list of non-empty strings; write the "
            'values as the report shows them, e.g. values = ["1953", "1954"]',
        ),
    ],
)
def test_a_bad_review_is_one_line_exit_2_and_no_output(
    entry: str, error: str, tmp_path: Path
) -> None:
    root = reviewed_project(tmp_path, "[[reviewed]]\n" + entry)
    code, stderr = build(root)
    assert (code, stderr) == (2, error + "\n")
    assert not (root / "output").exists()


def test_the_same_conflict_reviewed_twice_is_an_error(tmp_path: Path) -> None:
    root = reviewed_project(tmp_path, REVIEW + REVIEW.split("\n", 2)[2])
    code, stderr = build(root)
    assert code == 2
    assert stderr.startswith(
        "seeds/conflicts.toml:10: the conflict battle-of-wuhan P1120 is reviewed twice "
        "(first at line 4); keep one entry per conflict"
    )


# --- the legend ----------------------------------------------------------------------------


def test_every_marker_of_the_tables_is_in_the_legend(tmp_path: Path) -> None:
    root = copy_fixture("reports-basic", tmp_path / "basic")
    facts = root / "seeds" / "facts" / "squadron.toml"
    # a third dissolution date agreeing with one of the two: a (context) row
    facts.write_text(
        facts.read_text(encoding="utf-8") + '\n[[claim]]\nproperty = "P576"\nvalue = 1953\n'
        'evidence = [{ source = "alpha", quote = "disbanded in 1953" }]\n'
        'qualifiers = { P1932 = "1953" }\n',
        encoding="utf-8",
    )
    document = conflicts_of(root)
    text = conflicts_markdown.markdown(document)
    assert " (context) |" in text
    legend = text.split("## Legend", 1)[1].split("## Summary", 1)[0]
    markers = [m["marker"] for m in document["legend"]]
    for marker in (
        "(context)",
        "yes",
        "—",
        "none",
        "between sources",
        conflicts.OPEN,
        conflicts.REVIEWED,
        "⏎",
    ):
        assert marker in markers
        assert f"| {marker} |" in legend
    # every status the report can print is explained
    assert {conflicts.OPEN, "resolved by rank", conflicts.REVIEWED} <= set(markers)


def test_the_schema_accepts_a_review_and_refuses_a_misspelt_key() -> None:
    validator = Draft7Validator(schema("conflicts"))
    assert not list(validator.iter_errors(tomllib.loads(REVIEW)))
    misspelt = tomllib.loads(REVIEW.replace("reason =", "resaon ="))
    assert sorted(e.message for e in validator.iter_errors(misspelt)) == [
        "'reason' is a required property",
        "Additional properties are not allowed ('resaon' was unexpected)",
    ]
