"""`svg_rdf.curator_report`: what `svg-rdf conflicts`, `coverage` and `reconciliation` do,
one curator's report (`REPORTS`) as the same bytes `build` writes to output/."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svg_rdf.project import Project

REPORTS = ("conflicts", "coverage", "reconciliation")


def curator_report(project: Project, name: str, fmt: str = "markdown") -> str:
    """One curator's report (see REPORTS) as Markdown or JSON text.

    Raises ValueError for an unknown name or format, SvgRdfError for bad data files.
    """
    from svg_rdf.pipeline import curate
    from svg_rdf.reports import text
    from svg_rdf.settings import load_settings

    settings = load_settings(project)
    return text(name, project, curate(project, settings), fmt, settings.wikidata)
