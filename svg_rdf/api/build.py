"""`svg_rdf.build`: what `svg-rdf build` does, compile then render every file of output/,
and `Built`, what it returns.

The stages stay in svg_rdf.pipeline (compile) and svg_rdf.outputs (render, the documents,
the site); this call decides what is written and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from svg_rdf.export.writer import OutputFile
    from svg_rdf.model import Curation
    from svg_rdf.pipeline import Compiled
    from svg_rdf.project import Project
    from svg_rdf.validation.shacl import Report


@dataclass(frozen=True)
class Built:
    """What one build produced: the curation, the graph, its validation and its files."""

    compiled: Compiled
    files: tuple[OutputFile, ...]

    @property
    def curation(self) -> Curation:
        return self.compiled.curation

    @property
    def graph(self) -> Graph:
        """The graph as an rdflib Graph, made when first asked for."""
        return self.compiled.graph

    @property
    def triples(self) -> frozenset[ox.Triple]:
        """The graph as pyoxigraph triples."""
        return self.compiled.triples

    @property
    def report(self) -> Report:
        return self.compiled.report


def build(
    project: Project,
    *,
    base_iri: str | None = None,
    write: bool = True,
    on_wait: Callable[[str], None] | None = None,
    cache: bool = True,
) -> Built:
    """The whole build: compile, then render every file of output/.

    Every RDF file is re-parsed by a strict parser and must give back the built graph.
    With `write`, output/ is replaced as one set (a reader sees the old files or the new
    ones, never a mix), and only when the graph conforms; when another build is writing
    it, `on_wait` is told and this one waits its turn. A non-conforming graph is returned
    with its report and no files. Raises SvgRdfError subclasses for bad input or a
    failed export, PublishInterrupted (a KeyboardInterrupt) on Ctrl-C while writing.
    With `cache` (and no SVG_RDF_NO_CACHE), stages reuse results stored under the hash of
    their inputs and code (docs/developing.md, *The stage cache*); the files are the same
    bytes either way.
    """
    from svg_rdf import outputs, pipeline
    from svg_rdf.cache import StageCache
    from svg_rdf.export.verified import verified
    from svg_rdf.export.writer import publish_set

    stages = StageCache.open(enabled=cache)
    compiled = pipeline.compile_project(project, base_iri=base_iri, cache=stages)
    files: tuple[OutputFile, ...] = ()
    if compiled.report.passes:
        files = outputs.render(
            compiled.triples,
            compiled.ours,
            outputs.documents(compiled, stages),
            name=compiled.settings.name,
            cache=stages,
            scope=str(project.root),
        )
        files = (*files, *outputs.site_files(compiled, files, stages))
        # every RDF file re-parsed strictly (once per content with the cache)
        checked = verified(files, stages, scope=f"output {project.root}")
        if write:
            # the site folder is replaced whole with the set
            publish_set(project.output, checked, on_wait=on_wait)
        stages.prune()
    return Built(compiled, files)
