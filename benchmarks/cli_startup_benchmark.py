"""Benchmark: the CPU time of `svg-rdf --help` against the floor `python -c "import click"`.

Runs, alternately in the same run (so machine load affects all alike), the floor, a peer
(`python -m pip --version`: another click-free program's start-up, for scale),
`svg-rdf --help`, `svg-rdf build --help` and `svg-rdf --version`, each a fresh process,
and prints each one's median CPU time (user + system, from the kernel's accounting of
the child) and the median ratio to the floor of the same round. Target: `--help` <= 1.3x.

    python benchmarks/cli_startup_benchmark.py [--rounds 31]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PYTHON = sys.executable
# The installed `svg-rdf` script beside this interpreter (what users run), else -m.
SCRIPT = Path(PYTHON).with_name("svg-rdf")
PROGRAM = [str(SCRIPT)] if SCRIPT.is_file() else [PYTHON, "-m", "svg_rdf"]
FLOOR = "floor"
COMMANDS: dict[str, list[str]] = {
    FLOOR: [PYTHON, "-c", "import click"],
    "peer": [PYTHON, "-m", "pip", "--version"],
    "svg-rdf --help": [*PROGRAM, "--help"],
    "svg-rdf build --help": [*PROGRAM, "build", "--help"],
    "svg-rdf --version": [*PROGRAM, "--version"],
    "python -m svg_rdf --help": [PYTHON, "-m", "svg_rdf", "--help"],
}
LABELS = {
    FLOOR: 'floor `python -c "import click"`',
    "peer": "peer `python -m pip --version`",
}
TARGET = 1.3


def installed_environment(cache: str) -> dict[str, str]:
    """The environment with byte-code cached (in `cache`, outside the worktree), as for
    an installed package: PYTHONDONTWRITEBYTECODE would make every run compile our
    modules from source while click's come compiled."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = cache
    return environment


def cpu_seconds(command: list[str], environment: dict[str, str]) -> float:
    """User + system CPU seconds of one run of `command` (a child process of its own)."""
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {child.returncode}; fix the command first")
    return usage.ru_utime + usage.ru_stime


def measure(rounds: int, environment: dict[str, str]) -> dict[str, list[float]]:
    """Each command's CPU seconds per round, the commands run alternately."""
    for command in COMMANDS.values():
        cpu_seconds(command, environment)  # warm the file cache and the byte-code
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(rounds):
        for name, command in COMMANDS.items():
            times[name].append(cpu_seconds(command, environment))
    return times


def report(times: dict[str, list[float]]) -> list[str]:
    """One line per command: median CPU ms and the median of its per-round ratios."""
    floor = times[FLOOR]
    lines = [f"rounds: {len(floor)}"]
    for name, values in times.items():
        ratio = statistics.median(v / f for v, f in zip(values, floor, strict=True))
        label = LABELS.get(name, name)
        median = statistics.median(values) * 1000
        lines.append(f"{label:<36} median {median:7.1f} ms CPU  {ratio:.2f}x")
    help_ratio = statistics.median(
        h / f for h, f in zip(times["svg-rdf --help"], floor, strict=True)
    )
    verdict = "met" if help_ratio <= TARGET else "NOT met"
    lines.append(f"median ratio --help/floor: {help_ratio:.2f}x (target <= {TARGET}x: {verdict})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=31)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="svg-rdf-pycache-") as cache:
        times = measure(args.rounds, installed_environment(cache))
    for line in report(times):
        print(line)


if __name__ == "__main__":
    main()
