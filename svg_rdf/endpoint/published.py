"""Published: the N-Triples file of a build, the form load, serve and query hand on."""

from __future__ import annotations

import pyoxigraph as ox

from svg_rdf.export.writer import OutputFile
from svg_rdf.pipeline import Built


def ntriples_file(built: Built) -> OutputFile:
    """The built N-Triples file (its `expected` holds its triples).

    Raises ValueError when the build made no files, i.e. the graph did not conform.
    """
    for file in built.files:
        if file.rdf_format == ox.RdfFormat.N_TRIPLES:
            return file
    raise ValueError("the build made no N-Triples file; the graph does not conform")
