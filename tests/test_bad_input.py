"""Every bad input: one line on stderr naming file:line and the fix, exit 2, output/ unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from tests.conftest import DATA, make_project

CASES = sorted(path.name for path in DATA.glob("bad-*"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the site's subfolders too), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_there_is_a_case_per_kind_of_bad_input() -> None:
    assert {
        "bad-quote-absent",
        "bad-quote-ambiguous",
        "bad-unknown-property",
        "bad-wrong-type",
        "bad-malformed-date",
        "bad-unknown-entity",
        "bad-duplicate-key",
        "bad-malformed-toml",
        "bad-changed-checksum",
        "bad-invalid-utf8",
        "bad-invalid-utf8-facts",
        "bad-infobox-unknown-key",
        "bad-rank-without-reason",
        # issue 15, defect 2: these raised tracebacks (exit 1)
        "bad-empty-facts",
        "bad-comments-only-facts",
        "bad-subject-only-facts",
        "bad-empty-entities",
        "bad-licence-not-iri",
        "bad-licence-no-scheme",
        "bad-url-with-space",
        "bad-url-percent",
        "bad-licence-percent",
        "bad-base-iri-percent",
        # defect 11: a quote with decomposed accents gets a normalisation hint
        "bad-quote-nfd",
        "bad-new-without-p31",
        "bad-source-permalink",
        "bad-not-article-range",
        # issue 24, item 12: a ';' in site_url broke the generated nginx.conf
        "bad-site-url-semicolon",
        # item 11: a name too long for a file name got "cannot write the output", no file named
        "bad-name-too-long",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_exit_2_and_output_unchanged(tmp_path: Path, case: str) -> None:
    project = make_project(tmp_path / "p")
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "--project", str(project)])
    assert first.exit_code == 0, first.output
    before = snapshot(project / "output")

    make_project(project, case)
    result = runner.invoke(cli, ["build", "--project", str(project)])

    expected = (DATA / case / "expected-stderr.txt").read_text(encoding="utf-8")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == expected
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert snapshot(project / "output") == before
