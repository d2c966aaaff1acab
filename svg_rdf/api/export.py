"""`svg_rdf.export_format`: what `svg-rdf export` does, compile then render one format
(`EXPORT_FORMATS`), verified, and write it when asked."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svg_rdf.api.build import Built
    from svg_rdf.export.writer import OutputFile
    from svg_rdf.project import Project

# The formats `export_format` writes, each a file of output/ ({name}: `name` in seeds/dataset.toml).
EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "quickstatements")


def export_format(
    project: Project,
    fmt: str,
    *,
    base_iri: str | None = None,
    target: str | os.PathLike[str] | None = None,
    write: bool = False,
) -> Built:
    """Compile, then render one format (see EXPORT_FORMATS); every RDF file is verified
    by re-parsing it.

    `Built.files` holds that format's files (the QuickStatements file with its pending
    lists, `<stem>-pending.json` and `.md`), named after `target` when given; it is empty
    when the graph does not conform. With `write` (and a conforming graph) they are
    written atomically into `target`'s folder, by default output/.
    Raises ValueError for an unknown format and SvgRdfError for bad input or a failed write.
    """
    from svg_rdf import outputs, pipeline
    from svg_rdf.api.build import Built
    from svg_rdf.export.writer import publish
    from svg_rdf.wikidata import plan as quickstatements

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    path = None if target is None else Path(target)
    compiled = pipeline.compile_project(project, base_iri=base_iri)
    files: tuple[OutputFile, ...] = ()
    if compiled.report.passes:
        if fmt == "quickstatements":
            files = quickstatements.output_files(
                compiled.curation,
                compiled.settings.wikidata,
                *(() if path is None else (path.name,)),
                compare=outputs.live_comparison(compiled),
            )
        else:
            file = outputs.graph_file(compiled, fmt)
            files = (file if path is None else replace(file, name=path.name),)
        if write:
            publish(project.output if path is None else path.parent, files)
    return Built(compiled, files)
