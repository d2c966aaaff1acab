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


def _benchmark() -> Any:
    spec = importlib.util.spec_from_file_location(
        "check_benchmark", REPO / "benchmarks" / "check_benchmark.py"
    )
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    return benchmark


def test_rounds_alternate_the_floor_and_the_check_and_print_medians(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--rounds N runs the floor before the check in every round and prints each row's
    median CPU and the median of its per-round ratios (not the ratio of the medians)."""
    benchmark = _benchmark()
    # floors 4, 5, 3 s; checks 12, 10, 9 s: ratios 3.0, 2.0, 3.0 (median 3.00), whereas
    # the ratio of the medians would be 10 / 4 = 2.50
    figures = iter([(4.0, 600.0), (12.0, 760.0), (5.0, 600.0), (10.0, 760.0)])
    figures = iter([*figures, (3.0, 600.0), (9.0, 760.0)])
    ran: list[str] = []

    def measure(command: list[str], timeout: float) -> tuple[float, float, str]:
        ran.append(command[0])
        cpu, rss = next(figures)
        return cpu, rss, f"exit 0: {command[0]}"

    monkeypatch.setattr(benchmark, "measure", measure)
    rows = {"floor: pyoxigraph bulk_load": ["floor"], "svg-rdf check --engine sparql": ["check"]}
    samples = benchmark.sample_rows(rows, 3, 60.0)
    assert ran == ["floor", "check"] * 3
    benchmark.print_table(samples, ["pyrudof, output/shapes.ttl"], 60.0, 3)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1][40:].split() == ["4.0", "600", "1.00", "1.00", "exit", "0:", "floor"]
    assert lines[2].strip() == "3 rounds: CPU 4.00, 5.00, 3.00 s"
    assert lines[3][40:].split() == ["10.0", "760", "3.00", "1.27", "exit", "0:", "check"]
    assert lines[4].strip() == "3 rounds: CPU 12.00, 10.00, 9.00 s; x CPU 2.00 3.00 3.00"
    assert lines[5].split()[-2:] == ["not", "installed"]


def test_one_round_prints_one_line_per_row(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --rounds the table is as it was: one sample each, no per-round lines."""
    benchmark = _benchmark()
    figures = iter([(4.0, 600.0), (10.0, 780.0)])
    monkeypatch.setattr(benchmark, "measure", lambda command, timeout: (*next(figures), "ok"))
    rows = {"floor: pyoxigraph bulk_load": ["floor"], "svg-rdf check --engine sparql": ["check"]}
    benchmark.print_table(benchmark.sample_rows(rows, 1, 60.0), [], 60.0, 1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[1:3] == ["CPU", "(s)"]
    assert [line[40:].split() for line in lines[1:]] == [
        ["4.0", "600", "1.00", "1.00", "ok"],
        ["10.0", "780", "2.50", "1.30", "ok"],
    ]


def test_the_endpoint_rows_load_as_load_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The graph reaches each store through `svg-rdf load --file`'s own function (pieces,
    verified), not one PUT of its own; each store then prints its row."""
    from svg_rdf.endpoint import load
    from tests.stores import require_virtuoso

    require_virtuoso()
    benchmark = _benchmark()
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
