"""`svg-rdf --help` stays near the cost of `import click` (issue 21 item 5), held without timing:
building the group and printing any help loads no library (rdflib, pyshacl, pyoxigraph) and
no stage of svg_rdf, only click and svg_rdf.cli; and every help text is the one the commands
had before their imports were made late (tests/golden/help/, rewritten with
SVG_RDF_UPDATE_GOLDEN=1). benchmarks/cli_startup_benchmark.py measures the time.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from svg_rdf import api
from svg_rdf.cli import cli
from svg_rdf.cli.startup import HelpFormatter, PathType, terminal_columns
from tests.conftest import REPO
from tests.reports_support import UPDATE_GOLDEN

GOLDEN = REPO / "tests" / "golden" / "help"
LIBRARIES = ("rdflib", "pyshacl", "pyshacl_turbo", "pyoxigraph", "owlrl", "pyparsing")
# The svg_rdf modules any help may load: the package, its version and the CLI itself.
LIGHT = {"svg_rdf", "svg_rdf.__main__", "svg_rdf.version"}
# `export --help` lists the API's formats (svg_rdf.api.EXPORT_FORMATS): the API's modules
# load (one per command, each importing what its call uses only when it runs), not what
# their calls use.
API_MODULES = {"svg_rdf.api"} | {
    f"svg_rdf.api.{path.stem}"
    for path in (REPO / "svg_rdf" / "api").glob("*.py")
    if path.stem != "__init__"
}
EXTRA = {"export": {*API_MODULES, "svg_rdf.errors"}}
MARK = "@@modules@@"
# Runs the program as `python -m svg_rdf ARGS` does, then names every module loaded.
PROBE = (
    "import runpy, sys, json\n"
    "sys.argv = ['svg-rdf', *json.loads(sys.argv[1])]\n"
    "try:\n"
    "    runpy.run_module('svg_rdf', run_name='__main__', alter_sys=True)\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    f"print({MARK!r} + json.dumps([code, sorted(sys.modules)]))\n"
)


def loaded(*args: str) -> tuple[int, set[str]]:
    """The exit code of `svg-rdf ARGS` and every module it loaded, in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
    )
    assert MARK in result.stdout, result.stderr
    code, modules = json.loads(result.stdout.rpartition(MARK)[2])
    return code, set(modules)


@functools.cache
def floor() -> frozenset[str]:
    """The modules `python -c "import click"` has loaded here (site and .pth files too)."""
    result = subprocess.run(
        [sys.executable, "-c", "import click, json, sys; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return frozenset(json.loads(result.stdout))


def heavy(modules: set[str], command: str = "") -> list[str]:
    """The libraries and the svg_rdf modules beyond the CLI's in `modules`."""
    allowed = LIGHT | EXTRA.get(command, set())
    return sorted(
        m
        for m in modules
        if m.split(".")[0] in LIBRARIES
        or (
            m.split(".")[0] == "svg_rdf"
            and m not in allowed
            and not (m == "svg_rdf.cli" or m.startswith("svg_rdf.cli."))
        )
    )


def invocations() -> list[list[str]]:
    return [["--help"], ["--version"], *([name, "--help"] for name in sorted(cli.commands))]


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["-h"]])
def test_the_group_help_and_version_load_no_library(args: list[str]) -> None:
    code, modules = loaded(*args)
    assert code in (0, None)
    assert heavy(modules) == []
    # click's own help needs no pathlib or shutil; svg_rdf.cli.startup keeps it so
    assert {"pathlib", "shutil"}.isdisjoint(modules - floor()), sorted(modules - floor())


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_each_commands_help_loads_no_library(name: str) -> None:
    code, modules = loaded(name, "--help")
    assert code in (0, None)
    assert heavy(modules, name) == [], name


def test_the_check_knows_a_heavy_module_when_it_sees_one() -> None:
    assert heavy({"rdflib.graph", "svg_rdf.settings", "svg_rdf.cli.build"}) == [
        "rdflib.graph",
        "svg_rdf.settings",
    ]
    assert heavy({"svg_rdf.api"}) == ["svg_rdf.api"]
    assert heavy({"svg_rdf.api"}, "export") == []


def test_a_command_that_runs_loads_what_it_needs(tmp_path: Path) -> None:
    """The late imports happen: a command still runs (here a failing one, quickly)."""
    code, modules = loaded("build", "--project", str(tmp_path))
    assert code == 2
    assert "svg_rdf.api" in modules and "svg_rdf.project" in modules


@pytest.mark.parametrize("args", invocations()[:1] + invocations()[2:])
def test_every_help_text_is_as_before(args: list[str]) -> None:
    name = args[0] if len(args) > 1 else "svg-rdf"
    result = CliRunner().invoke(cli, args, prog_name="svg-rdf", terminal_width=80)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}.txt"
    if UPDATE_GOLDEN:
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8"), (
        f"{name} --help changed: set SVG_RDF_UPDATE_GOLDEN=1 and review the diff"
    )


def test_there_is_a_golden_help_for_each_command_and_no_other() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted([*cli.commands, "svg-rdf"])


def test_export_lists_the_apis_formats_and_refuses_another(tmp_path: Path) -> None:
    option = next(p for p in cli.commands["export"].params if p.name == "format_name")
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == sorted(api.EXPORT_FORMATS)
    result = CliRunner().invoke(cli, ["export", "--project", str(tmp_path), "--format", "rdfxml"])
    assert result.exit_code == 2
    assert "'rdfxml' is not one of" in result.stderr


def test_path_options_give_pathlib_paths() -> None:
    path = PathType(file_okay=False).convert("some/folder", None, None)
    assert isinstance(path, Path) and path == Path("some/folder")
    dash = PathType(dir_okay=False, allow_dash=True).convert("-", None, None)
    assert dash == Path("-")
    with pytest.raises(click.BadParameter, match="does not exist"):
        PathType(exists=True).convert(str(REPO / "no-such-file"), None, None)


@pytest.mark.parametrize("columns", [None, "0", "junk", "-5", "40", "100", "500"])
def test_the_terminal_is_measured_as_shutil_measures_it(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
    assert HelpFormatter().width == click.HelpFormatter().width


def test_the_help_is_as_wide_as_clicks_in_a_real_process() -> None:
    for columns in ("60", "200"):
        environment = {**os.environ, "COLUMNS": columns}
        ours = subprocess.run(
            [sys.executable, "-m", "svg_rdf", "build", "--help"],
            capture_output=True,
            text=True,
            env=environment,
            check=True,
        ).stdout
        widest = max(len(line) for line in ours.splitlines())
        assert widest <= min(int(columns), 80) - 2 < widest + 8, (columns, widest)


def test_the_benchmark_runs_and_prints_the_ratio() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "cli_startup_benchmark.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "rounds: 1"
    assert lines[1].startswith('floor `python -c "import click"`') and lines[1].endswith("1.00x")
    assert any(line.startswith("svg-rdf --help ") for line in lines)
    assert lines[-1].startswith("median ratio --help/floor: ")


def test_the_benchmark_takes_each_rounds_ratio_to_its_own_floor() -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import cli_startup_benchmark as bench
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    times = {name: [0.010, 0.040, 0.100] for name in bench.COMMANDS}
    times[bench.FLOOR] = [0.010, 0.020, 0.100]
    times["svg-rdf --help"] = [0.011, 0.030, 0.200]  # ratios 1.1, 1.5, 2.0
    lines = bench.report(times)
    assert lines[-1] == "median ratio --help/floor: 1.50x (target <= 1.3x: NOT met)"
    times["svg-rdf --help"] = [0.011, 0.024, 0.120]  # ratios 1.1, 1.2, 1.2
    assert bench.report(times)[-1].endswith("1.20x (target <= 1.3x: met)")
