"""Benchmark: `svg-rdf build` as whole processes against the floor `import rdflib, pyshacl`.

Runs both commands alternately in the same run (so machine load affects both alike) on a
temporary copy of the project, and prints each median and the median ratio. Then the
site's share (output/site/): rendering it and writing it (verified, fsync'd) against the
build in the same process, and the size of its files and of its largest page.

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
    site_cost(args.rounds)


def site_cost(rounds: int) -> None:
    """The site's render and write time against the in-process build, and its sizes."""
    from svg_rdf.api import build
    from svg_rdf.export.writer import publish_set
    from svg_rdf.graph.vocab import OurNamespaces
    from svg_rdf.pipeline import site_settings
    from svg_rdf.project import Project
    from svg_rdf.settings import load_settings
    from svg_rdf.site import SITE, render_site

    project = Project.at(REPO)
    settings = load_settings(project)
    ours = OurNamespaces.of(settings)
    builds, renders, writes, rest_writes = [], [], [], []
    files: tuple = ()
    site: tuple = ()
    for _ in range(rounds):
        start = time.perf_counter()
        built = build(project, write=False)
        builds.append(time.perf_counter() - start)
        files = tuple(f for f in built.files if not f.name.startswith(f"{SITE}/"))
        start = time.perf_counter()
        site = render_site(built.curation, built.graph, ours, site_settings(settings, ours), files)
        renders.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            publish_set(Path(folder) / "a", files)
            rest_writes.append(time.perf_counter() - start)
            start = time.perf_counter()
            publish_set(Path(folder) / "b", site)
            writes.append(time.perf_counter() - start)
    pages = [f for f in site if f.name.endswith(".html")]
    largest = max(pages, key=lambda f: len(f.data))
    build_s = statistics.median(builds)
    render_s = statistics.median(renders)
    print(f"in-process build (site included, nothing written): median {build_s:.3f} s")
    print(
        f"  of which the site's rendering:  median {render_s:.3f} s "
        f"({100 * render_s / build_s:.0f}% of the build)"
    )
    print(
        f"writing the site (verify + fsync): median {statistics.median(writes):.3f} s; "
        f"the other {len(files)} files: median {statistics.median(rest_writes):.3f} s"
    )
    print(
        f"site: {len(site)} files, {sum(len(f.data) for f in site)} bytes; {len(pages)} pages, "
        f"median page {int(statistics.median(len(f.data) for f in pages))} bytes"
    )
    print(f"largest page: {largest.name} ({len(largest.data)} bytes)")


if __name__ == "__main__":
    main()
