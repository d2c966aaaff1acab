"""Benchmark: what `load`, `query` and `serve` pay (compile + N-Triples) against a full build.

Both run alternately in one process on this repository (so machine load affects both
alike): `svg_rdf.build(project, write=False)` renders every graph file, the QuickStatements
plan and the reports and re-parses every RDF file; `compile_project` + `graph_file(...,
"ntriples")` is the path of the endpoint commands. Prints each median and their ratio.

    python benchmarks/compile_benchmark.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import svg_rdf
from svg_rdf import outputs, pipeline

REPO = Path(__file__).resolve().parents[1]


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    project = svg_rdf.open_project(REPO)

    def build() -> object:
        return svg_rdf.build(project, write=False)

    def ntriples() -> object:
        return outputs.graph_file(pipeline.compile_project(project), "ntriples")

    build()  # imports and caches warmed for both
    full, light = [], []
    for _ in range(rounds):
        full.append(timed(build))
        light.append(timed(ntriples))
    f, n = statistics.median(full), statistics.median(light)
    print(f"build(write=False), every file:  median {f:.2f} s over {rounds} rounds")
    print(f"compile + N-Triples (load/query/serve): median {n:.2f} s")
    print(f"ratio: the endpoint path takes {n / f:.2f} of a full build")


if __name__ == "__main__":
    main()
