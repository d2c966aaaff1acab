"""The fast inner loop (`pytest -m "not slow"`) and `--update-golden` work as documented."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

from tests.conftest import REPO, SLOW_MODULES

PROBE = "SVG_RDF_INNER_LOOP_PROBE"


def test_every_slow_module_exists_and_the_marker_is_strict() -> None:
    modules = {path.stem for path in (REPO / "tests").glob("test_*.py")}
    assert SLOW_MODULES and modules >= SLOW_MODULES, sorted(SLOW_MODULES - modules)
    options = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]
    pytest_options = options["ini_options"]
    assert "--strict-markers" in pytest_options["addopts"].split()
    assert [m.split(":")[0] for m in pytest_options["markers"]] == ["slow"]


def test_update_golden_sets_the_flag_the_golden_helpers_read() -> None:
    if os.environ.get(PROBE):  # the run below
        assert os.environ.get("SVG_RDF_UPDATE_GOLDEN") == "1"
        return
    environment = {k: v for k, v in os.environ.items() if k != "SVG_RDF_UPDATE_GOLDEN"}
    environment[PROBE] = "1"
    here = f"{__file__}::test_update_golden_sets_the_flag_the_golden_helpers_read"

    def run(*options: str) -> int:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, here]
        return subprocess.run(command, cwd=REPO, env=environment, capture_output=True).returncode

    assert run("--update-golden") == 0
    assert run() == 1  # without the option the flag is not set


def test_the_slow_marker_selects_the_slow_modules() -> None:
    if os.environ.get(PROBE):
        return
    slow = sorted(SLOW_MODULES)[0]
    command = [
        sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider",
        "-m", "not slow", f"tests/{slow}.py", "tests/test_layout.py",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected and all(line.startswith("tests/test_layout.py::") for line in collected)


def test_a_missing_piece_skips_here_and_fails_in_ci() -> None:
    """tests/needs.py: one rule for every program or ../shared path a test needs."""
    if os.environ.get(PROBE):
        from tests.needs import missing, shared

        if os.environ[PROBE] == "shared":
            shared("no-such-folder-in-shared")
        missing("probe-tool", "apt-get install probe-tool")
    here = f"{__file__}::test_a_missing_piece_skips_here_and_fails_in_ci"

    def run(ci: bool, what: str) -> tuple[int, str]:
        environment = {k: v for k, v in os.environ.items() if k != "CI"}
        environment[PROBE] = what
        if ci:
            environment["CI"] = "true"
        command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", here]
        done = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True)
        return done.returncode, done.stdout

    code, out = run(False, "program")
    assert code == 0 and "probe-tool is missing (apt-get install probe-tool)" in out
    code, out = run(True, "program")
    assert code == 1 and "probe-tool is missing in CI; apt-get install probe-tool" in out
    code, out = run(False, "shared")
    assert code == 0 and "../shared/no-such-folder-in-shared is missing" in out
