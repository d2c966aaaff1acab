"""Benchmark: `svg-rdf build` as whole processes against the floor `import rdflib, pyshacl`.

Runs both commands alternately in the same run (so machine load affects both alike) on a
temporary copy of the project, and prints each median and the median ratio.

    python benchmarks/build_benchmark.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        for part in ("seeds", "ontology", "shapes"):
            shutil.copytree(REPO / part, project / part)
        floor_cmd = [sys.executable, "-c", "import rdflib, pyshacl"]
        build_cmd = [sys.executable, "-m", "svg_rdf", "build", "--project", str(project)]
        timed(build_cmd)  # warm the file cache and byte-code
        floors, builds, ratios = [], [], []
        for _ in range(args.rounds):
            floor, built = timed(floor_cmd), timed(build_cmd)
            floors.append(floor)
            builds.append(built)
            ratios.append(built / floor)
    print(f"rounds: {args.rounds}")
    print(f"floor  `import rdflib, pyshacl`: median {statistics.median(floors):.3f} s")
    print(f"svg-rdf build:                  median {statistics.median(builds):.3f} s")
    print(f"median ratio build/floor: {statistics.median(ratios):.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
