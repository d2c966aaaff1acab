"""`svg_rdf.plan_quickstatements`: which statements go to Wikidata as QuickStatements and
what waits, as svg_rdf.wikidata.plan decides; the plan behind output/wikidata.qs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svg_rdf.project import Project
    from svg_rdf.wikidata.plan import Plan


def plan_quickstatements(project: Project) -> Plan:
    """Which statements go to Wikidata as QuickStatements, how each line reads, and what
    waits with its reasons. Raises SvgRdfError subclasses for bad data files."""
    from svg_rdf.pipeline import curate
    from svg_rdf.settings import load_settings
    from svg_rdf.wikidata import plan

    settings = load_settings(project)
    return plan.plan(curate(project, settings), settings.wikidata)
