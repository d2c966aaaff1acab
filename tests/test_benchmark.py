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
            "--pieces",
            "1000,5000",
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
    # each store: 3 pieces of 1,000 triples, then one PUT (3,000 fit in a piece of 5,000)
    assert [(row[0], row[4]) for row in loads] == [
        (store, sent) for store in stores.split(",") for sent in ("3x1k", "PUT")
    ]
    for row in loads:
        assert row[1] == "wikidata-3000" and row[2] == "3,000"
        raw, load, verify = float(row[5]), float(row[6]), float(row[8])
        assert min(raw, load, verify) >= 0
        assert row[7].endswith("x") and float(row[7].rstrip("x")) > 0
        assert 0 < float(row[10]) < 2000  # the loading process's peak RSS in MiB
        assert 0 < float(row[11]) <= float(row[12])  # the store's RSS and its peak
