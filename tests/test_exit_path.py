"""The CLI's one exit path (issue 23): every command is a `Command`, whose body raises and
never exits; `svg_rdf.cli.common.leave` alone prints an error and picks its exit code;
the command line repeats no argument check a library call makes; "violates the shapes"
has one wording (svg_rdf.errors.ViolationError's)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.cli.common import Command, leave
from svg_rdf.errors import (
    ArgumentError,
    CurationErrors,
    DataFileError,
    EndpointError,
    OutputMismatchError,
    SvgRdfError,
    ViolationError,
)
from tests.conftest import REPO

CLI = REPO / "svg_rdf" / "cli"


class OneViolation:
    def count(self, severity: str) -> int:
        return 1 if severity == "violation" else 0


def commands(group: click.Group = cli, prefix: str = "") -> dict[str, click.Command]:
    """Every command of the program, subcommands of a group included."""
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= commands(command, f"{prefix}{name} ")
        else:
            found[prefix + name] = command
    return found


def test_every_command_takes_the_one_exit_path() -> None:
    found = commands()
    assert {"build", "check", "reconcile query", "reconcile accept"} <= set(found)
    assert {name for name, command in found.items() if not isinstance(command, Command)} == set()


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_no_command_exits_by_itself(path: Path) -> None:
    """Only the program's entry (svg_rdf.cli.run, which turns click's exit into a code, and
    main, which exits with it) names SystemExit and sys.exit; no command exits, raises a
    click usage error of its own, or has a helper that prints and exits."""
    found = re.findall(
        r"sys\.exit\(|SystemExit|UsageError|NoReturn|def fail", path.read_text(encoding="utf-8")
    )
    assert found == (["SystemExit", "sys.exit("] if path.name == "__init__.py" else [])


def test_violates_the_shapes_is_worded_once() -> None:
    said = [
        path.relative_to(REPO).as_posix()
        for path in sorted((REPO / "svg_rdf").rglob("*.py"))
        if "violates the shapes (" in path.read_text(encoding="utf-8")
    ]
    assert said == ["svg_rdf/errors.py"]


@pytest.mark.parametrize(
    ("error", "code", "stderr"),
    [
        (ViolationError(OneViolation(), "nothing was sent"), 1, None),
        (EndpointError("refused", path="http://h/store", fix="check it"), 3, None),
        (DataFileError("bad", path="seeds/x.toml", line=3, fix="fix it"), 2, None),
        (SvgRdfError("two\nlines"), 2, "two lines\n"),
        (
            OutputMismatchError("not one set", ["a.ttl: size"], path="output", fix="build"),
            1,
            "a.ttl: size\noutput: not one set; build\n",
        ),
        (
            CurationErrors([DataFileError("one", path="a"), DataFileError("two", path="b")]),
            2,
            "a: one\nb: two\n",
        ),
        (ArgumentError("give server", options="give --server"), 2, "give --server\n"),
        (KeyboardInterrupt(), 130, "interrupted\n"),
    ],
)
def test_leave_prints_each_error_once_and_gives_its_code(
    error: BaseException, code: int, stderr: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert leave(error) == code
    assert capsys.readouterr() == ("", stderr or f"{error}\n")


def test_leave_raises_a_bug_again() -> None:
    bug = ZeroDivisionError("a bug")
    with pytest.raises(ZeroDivisionError):
        leave(bug)


def test_a_command_returns_its_exit_code_and_raises_the_rest() -> None:
    def findings() -> int:
        return 1

    def refused() -> None:
        raise ViolationError(OneViolation(), "nothing was written")

    result = CliRunner().invoke(Command("findings", callback=findings), [])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    result = CliRunner().invoke(Command("refused", callback=refused), [])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "the graph violates the shapes (1 violations); nothing was written; "
        "run svg-rdf build to see them\n"
    )


def test_click_usage_errors_stay_clicks() -> None:
    result = CliRunner().invoke(cli, ["build", "--no-such-option"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ")
    assert result.stderr.endswith("Error: No such option '--no-such-option'.\n")


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["load", "--url", "http://h"], "give --server KIND --url URL [--dataset NAME], or"),
        (["query", "SELECT * {}", "--example", "facts"], "give exactly one of: a SPARQL"),
        (["reconcile", "query"], "give either --service URL or --entity-json FILE;"),
    ],
)
def test_the_librarys_argument_checks_are_the_commands(arguments: list[str], says: str) -> None:
    """The command line repeats none of these checks: the call's ArgumentError says it in
    the command's options, one line, exit 2, before anything is compiled or contacted."""
    result = CliRunner().invoke(cli, [*arguments[:1], "--project", str(REPO), *arguments[1:]])
    if arguments[0] == "reconcile":
        result = CliRunner().invoke(cli, [*arguments, "--project", str(REPO)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(says) and result.stderr.count("\n") == 1
