"""The load benchmark runs end to end (tiny sizes) and prints a row per store, with the
loading process's peak memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.endpoint_data import ROOT


def test_benchmark_runs() -> None:
    stores = "oxigraph,virtuoso" if shutil.which("virtuoso-t") else "oxigraph"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "load_benchmark.py"),
            "--sizes",
            "3000",
            "--stores",
            stores,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    loads = [row for row in rows if row and row[0] in ("oxigraph", "virtuoso")]
    assert [row[0] for row in loads] == stores.split(",")
    for row in loads:
        assert row[1] == "wikidata-3000" and row[2] == "3,000"
        raw, load, verify = float(row[4]), float(row[5]), float(row[7])
        assert min(raw, load, verify) >= 0
        assert row[6].endswith("x") and float(row[6].rstrip("x")) > 0
        assert 0 < float(row[9]) < 2000  # the loading process's peak RSS in MiB
