"""`svg_rdf.wikidata_diff`: what `svg-rdf wikidata-diff` does, our statements compared with
saved Wikidata entity documents (svg_rdf.wikidata.diff compares), offline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.api.project import PathLike

if TYPE_CHECKING:
    from svg_rdf.project import Project
    from svg_rdf.wikidata.diff import Diff


def wikidata_diff(project: Project, entity_documents: Sequence[PathLike]) -> Diff:
    """Our statements compared with saved Wikidata entity JSON documents: each statement
    new, missing only our reference, referenced already, or different (for review).

    Raises DataFileError for bad curation or a malformed entity document.
    """
    from svg_rdf.pipeline import curate
    from svg_rdf.settings import load_settings
    from svg_rdf.wikidata.diff import diff, load_documents

    settings = load_settings(project)
    paths = [Path(p) for p in entity_documents]
    documents = load_documents(paths, [project.relative(p) for p in paths])
    return diff(curate(project, settings), settings.wikidata, documents)
