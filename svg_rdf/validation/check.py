"""Check: any RDF files -> strict parse into pyoxigraph -> SHACL findings -> source checks.

`check_files` is the library call behind `svg-rdf check`. Every input passes the strict
parsing gate (svg_rdf.rdfparse) straight into a pyoxigraph store, never into rdflib, so
memory grows with Oxigraph's compact form of the graph; findings are returned, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.validation.shacl import Report, Shapes, report_of, validate_store
from svg_rdf.validation.spans import verify_sources
from svg_rdf.validation.view import StoreView

__all__ = ["FAILING", "CheckResult", "check_files"]

# The severities that fail a check, by the lowest one that does (`--severity`).
FAILING: Mapping[str, frozenset[str]] = {
    "violation": frozenset({"violation"}),
    "warning": frozenset({"violation", "warning"}),
    "info": frozenset({"violation", "warning", "info"}),
}


@dataclass(frozen=True)
class CheckResult:
    """The checked graph, the files it came from and the report about it; `labels`
    (property id -> label) and `prefixes` (prefix -> namespace) are what a rendered report
    names properties and shortens IRIs with."""

    graph: StoreView
    files: tuple[str, ...]
    report: Report
    sources_checked: int
    labels: Mapping[str, str] = field(default_factory=dict)
    prefixes: Mapping[str, str] = field(default_factory=dict)

    def fails(self, severity: str = "violation") -> bool:
        """True when a finding is at least as severe as `severity` (violation, warning or
        info): what makes `svg-rdf check --severity` exit 1. Raises ValueError for another
        severity."""
        if severity not in FAILING:
            raise ValueError(f"unknown severity {severity!r}; use one of {', '.join(FAILING)}")
        return self.report.failed(FAILING[severity])


Steps = Callable[[str, int, int], None]
"""Told (what, done, total) as a check advances: ("loading", bytes read, bytes to read)
and ("checking", shapes checked, shapes)."""


def check_files(
    paths: Sequence[Path],
    shapes: Shapes,
    *,
    input_format: str | None = None,
    sources: Path | None = None,
    engine: str | None = None,
    progress: Callable[[str], None] | None = None,
    steps: Steps | None = None,
) -> CheckResult:
    """Parse, validate with `engine` (default sparql) and, with `sources`, re-verify
    checksums and quote spans. Past stream_load.DISK_THRESHOLD bytes of input the `sparql`
    engine's store is on disk, in a temporary folder removed when the result is released
    (at once when the check fails or is interrupted).

    Raises ParseError for invalid input and ConfigurationError for unusable shapes or a
    missing engine. `progress` is told each stage as it starts, `steps` how far loading
    and checking are.
    """
    from svg_rdf.rdfparse.load import load_files
    from svg_rdf.validation.engines import DEFAULT_ENGINE
    from svg_rdf.validation.stream_load import DISK_THRESHOLD, Scratch, input_bytes

    chosen, engine = engine, engine or DEFAULT_ENGINE
    tell = progress or (lambda stage: None)
    step = steps or (lambda what, done, total: None)
    tell(f"reading {len(paths)} file{'s' if len(paths) != 1 else ''}")
    store: ox.Store | None = None
    scratch = Scratch() if engine == "sparql" and input_bytes(paths) > DISK_THRESHOLD else None
    try:
        if engine == "sparql":  # the data held once: the store, queried in place
            from svg_rdf.validation.compile_sparql import NotCompilable
            from svg_rdf.validation.lost_datatypes import DatatypeLost
            from svg_rdf.validation.run_sparql import relexed
            from svg_rdf.validation.stream_load import load_store, stream_quads

            try:
                store = load_store(
                    paths,
                    fmt=input_format,
                    store=None if scratch is None else scratch.store,
                    read=lambda done, total: step("loading", done, total),
                )
                size = len(store)  # counting reads the whole store: once, for the report too
                tell(f"validating {size:,} triples ({engine})")
                report = validate_store(
                    store,
                    b"",
                    shapes,
                    engine=engine,
                    progress=lambda done, total: step("checking", done, total),
                )
                report = relexed(report, lambda: stream_quads(paths, fmt=input_format))
            except OSError as exc:  # the store's folder: a full disk, a quota
                if scratch is None:
                    raise
                scratch.close(exc)
                raise scratch.unwritable(exc) from None
            except (DatatypeLost, NotCompilable) as exc:
                if chosen is not None:
                    raise
                # the default gives way to pyshacl-turbo: never a wrong or partial verdict
                store, engine = None, "pyshacl-turbo"
                if scratch is not None:
                    scratch.close(exc)
                    scratch = None
        if store is None:
            loaded = load_files(paths, fmt=input_format)
            store = loaded.store
            size = len(store)
            tell(f"validating {size:,} triples ({engine})")
            report = validate_store(store, loaded.ntriples, shapes, engine=engine)
            del loaded
        checked = 0
        if sources is not None:
            tell("verifying sources and quote spans")
            extra, checked = verify_sources(store, sources)
            if extra:
                report = report_of((*report.findings, *extra))
    except BaseException as exc:
        store = None  # the store's folder goes now, not at exit
        if scratch is not None:
            scratch.close(exc)
        raise
    files = tuple(str(p) for p in paths)
    if scratch is None:
        return CheckResult(StoreView(store, size=size), files, report, checked)
    from svg_rdf.validation.stream_load import ScratchView

    store = None
    return CheckResult(ScratchView(scratch, size=size), files, report, checked)
