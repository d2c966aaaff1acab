"""Benchmark: `svg-rdf build` for a curator's loop, as whole processes, against the floor.

The floor is `python -c "import rdflib, pyshacl"`. Each round, on a temporary copy of the
project with an empty stage cache (its own SVG_RDF_CACHE_DIR), runs: the floor; a cold build
without the cache (`--no-cache`); a cold build that fills the cache; a warm build with
nothing changed; then one claim's quote edited in seeds/ and a warm rebuild. Figures are CPU
time (user + system) of each child process (resource.getrusage(RUSAGE_CHILDREN)), medians
over the rounds, and each build's ratio to the floor of its round. Targets (issue 21, item
4): cold <= 2x the floor; one edit <= 1 s of CPU over the floor. Then the site's share, in
this process.

    python benchmarks/build_benchmark.py [--rounds 5] [--no-site]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FACTS = "seeds/facts/aircraft.toml"
QUOTE = '"60 Soviet I-15 and I-16 fighters"'
EDITED = '"Soviet I-15 and I-16 fighters"'  # the same claim, a shorter verbatim quote
STEPS = ("cold --no-cache", "cold, filling the cache", "warm, nothing changed", "warm, one edit")


def cpu(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) the child process `command` used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-site", action="store_true", help="leave out the site's share")
    args = parser.parse_args()
    floors: list[float] = []
    figures: dict[str, list[float]] = {step: [] for step in STEPS}
    ratios: dict[str, list[float]] = {step: [] for step in STEPS}
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        for part in ("seeds", "ontology", "shapes", "queries"):
            shutil.copytree(REPO / part, project / part)
        facts = project / FACTS
        original = facts.read_text("utf-8")
        edited = original.replace(QUOTE, EDITED, 1)
        assert edited != original, f"{FACTS} no longer holds {QUOTE}; choose another edit"
        floor_cmd = [sys.executable, "-c", "import rdflib, pyshacl"]
        build_cmd = [sys.executable, "-m", "svg_rdf", "build", "--project", str(project)]
        # a user's Python keeps byte-code (__pycache__): with PYTHONDONTWRITEBYTECODE set
        # (as on some CI machines) every run would compile svg_rdf again, ~0.06 s
        dropped = ("SVG_RDF_NO_CACHE", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        cpu([*build_cmd, "--no-cache"], env)  # warm the file cache and write the byte-code
        for number in range(args.rounds):
            env["SVG_RDF_CACHE_DIR"] = str(Path(folder) / f"cache-{number}")  # empty
            facts.write_text(original, "utf-8")
            floor = cpu(floor_cmd, env)
            floors.append(floor)
            runs = {
                STEPS[0]: cpu([*build_cmd, "--no-cache"], env),
                STEPS[1]: cpu(build_cmd, env),
                STEPS[2]: cpu(build_cmd, env),
            }
            facts.write_text(edited, "utf-8")
            runs[STEPS[3]] = cpu(build_cmd, env)
            for step, seconds in runs.items():
                figures[step].append(seconds)
                ratios[step].append(seconds / floor)
        facts.write_text(original, "utf-8")
    floor_s = statistics.median(floors)
    print(f"rounds: {args.rounds}; CPU seconds (user + system) of each process, medians")
    print(f"floor `import rdflib, pyshacl`: {floor_s:.3f} s")
    for step in STEPS:
        seconds = statistics.median(figures[step])
        print(
            f"{step + ':':26s} {seconds:.3f} s  {statistics.median(ratios[step]):.2f}x the floor"
            f"  (+{seconds - floor_s:.3f} s)"
        )
    print("targets: cold <= 2x the floor; one edit <= floor + 1 s")
    if not args.no_site:
        site_cost(args.rounds)


def site_cost(rounds: int) -> None:
    """The site's render and write time against the in-process build, and its sizes."""
    from svg_rdf.api import build
    from svg_rdf.export.writer import publish_set
    from svg_rdf.graph.vocab import OurNamespaces
    from svg_rdf.outputs import site_settings
    from svg_rdf.project import Project
    from svg_rdf.settings import load_settings
    from svg_rdf.site import SITE, render_site

    project = Project.at(REPO)
    settings = load_settings(project)
    ours = OurNamespaces.of(settings)
    builds: list[float] = []
    renders: list[float] = []
    writes: list[float] = []
    rest_writes: list[float] = []
    files: tuple = ()
    site: tuple = ()
    for _ in range(rounds):
        start = time.perf_counter()
        built = build(project, write=False, cache=False)
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
