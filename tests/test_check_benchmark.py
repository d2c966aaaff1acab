"""The check benchmark runs end to end (a small size) and prints the floor and the ratios."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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


def test_the_endpoint_rows_load_as_load_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The graph reaches each store through `svg-rdf load --file`'s own function (pieces,
    verified), not one PUT of its own; each store then prints its row."""
    from svg_rdf.endpoint import load
    from tests.stores import require_virtuoso

    require_virtuoso()
    spec = importlib.util.spec_from_file_location(
        "check_benchmark", REPO / "benchmarks" / "check_benchmark.py"
    )
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    loaded: list[str] = []
    real = load.load_file

    def spy(client: Any, graph: str, path: Path) -> load.LoadResult:
        result = real(client, graph, path)
        loaded.append(result.endpoint.gsp_url)
        return result

    monkeypatch.setattr(load, "load_file", spy)
    graph = benchmark.generate(2_000, tmp_path)
    benchmark.endpoint_rows(graph, tmp_path, ["oxigraph", "virtuoso"], 300.0)
    rows = capsys.readouterr().out.splitlines()
    assert len(loaded) == 2
    for kind, row in zip(["oxigraph", "virtuoso"], rows, strict=True):
        assert row.startswith(f"  svg-rdf check --endpoint ({kind}): client ")
        assert "s per million triples)  exit 0: " in row
