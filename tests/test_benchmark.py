"""The load benchmark runs end to end (tiny sizes) and prints throughput rows."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.endpoint_data import ROOT


def test_benchmark_runs() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "load_benchmark.py"),
            "--sizes",
            "3000",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    loads = [row for row in rows if row and row[0] in ("built", "Wikidata-style")]
    assert len(loads) == 4
    assert [row[2] for row in loads] == ["transaction", "no_transaction"] * 2
    generated = [row for row in loads if row[0] == "Wikidata-style"]
    assert all(row[3] == "3000" for row in generated)
    assert all(float(row[6].replace(",", "")) > 0 for row in loads)  # triples/s
