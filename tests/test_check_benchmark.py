"""The check benchmark runs end to end (a small size) and prints the floor and the ratios."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def test_check_benchmark_prints_floor_and_ratios() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "check_benchmark.py"),
            "--sizes",
            "50000",  # the floor reads 0.00 s of CPU at 2,000 triples now and then
            "--only",
            "svg-rdf check --engine sparql",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = {line[:40].strip(): line[40:].split() for line in result.stdout.splitlines()}
    floor = rows["floor: pyoxigraph bulk_load"]
    assert floor[2:4] == ["1.00", "1.00"]
    check = rows["svg-rdf check --engine sparql"]
    cpu, rss, cpu_ratio, rss_ratio = (float(x) for x in check[:4])
    assert cpu > 0 and rss > 0 and cpu_ratio > 0 and rss_ratio > 0
    assert check[4:6] == ["exit", "0:"]
    assert "svg-rdf check --engine pyshacl-turbo" not in rows  # --only
