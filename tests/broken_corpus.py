"""The corpus of broken graphs in tests/data/broken/: one per defect kind, plus combined ones.

Each file is the base fixture's built graph with one mutation from tests/test_validation.py
(the combined files apply several), as deterministic Turtle. Its first lines name what a
validator must report: `# expect: <message fragment>`, one line per expected finding kind.

    python -m tests.broken_corpus     # rewrite the corpus (review the diff)
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

CORPUS = Path(__file__).resolve().parent / "data" / "broken"
Mutation = Callable[[Graph], None]

COMBINED: dict[str, tuple[str, ...]] = {
    "combined-statements": ("two main values", "missing truthy triple", "rank outside the three"),
    "combined-references": ("reference without quote", "start after end", "empty quote selector"),
    "combined-values": (
        "time precision out of range",
        "quantity without unit",
        "inception after dissolution",
        "sources disagree",
    ),
}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def expected(path: Path) -> list[str]:
    """The message fragments a file's header says a validator must report."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def write_corpus(target: Path = CORPUS) -> list[Path]:
    from svg_rdf.api import build
    from svg_rdf.export import turtle
    from svg_rdf.graph.oxbridge import to_ox_triples
    from svg_rdf.graph.vocab import OurNamespaces, all_prefixes
    from svg_rdf.project import Project
    from tests.conftest import make_project
    from tests.test_validation import CASES, WARNINGS

    cases: dict[str, tuple[Mutation, str]] = {**CASES, **WARNINGS}
    plans = {slug(name): (name,) for name in cases} | COMBINED
    with tempfile.TemporaryDirectory() as folder:
        project = Project.at(make_project(Path(folder) / "p"))
        graph = build(project, write=False).graph
    prefixes = all_prefixes(OurNamespaces("https://example.org/test/", "svg"))
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    written = []
    for name, names in sorted(plans.items()):
        changed = Graph()
        for triple in graph:
            changed.add(triple)
        for case in names:
            cases[case][0](changed)
        head = "".join(f"# expect: {cases[case][1]}\n" for case in names)
        body = turtle.serialize(to_ox_triples(changed), prefixes)
        path = target / f"{name}.ttl"
        path.write_bytes(head.encode("utf-8") + body)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_corpus():
        print(path.relative_to(CORPUS.parents[2]))
