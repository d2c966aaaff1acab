"""Reports: the curation -> conflicts, sentence coverage and reconciliation, as Markdown and JSON.

(The Wikidata pending lists are svg_rdf.wikidata's; the reconciliation report counts, per
entity, the statements that wait for its Q-id in the same plan, compared with Wikidata as
the batch is.)

Each report is computed once as JSON-ready data; its Markdown is rendered from that data,
so the two files always say the same. Both are byte-deterministic (sorted keys, stable
orders, no time stamps).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from svg_rdf.export.writer import OutputFile
from svg_rdf.model import Curation
from svg_rdf.project import Project
from svg_rdf.reports import conflicts_document, conflicts_markdown, coverage, reconciliation
from svg_rdf.reports.common import JSON, MARKDOWN, dumps
from svg_rdf.wikidata.plan import Blocking, Compare
from svg_rdf.wikidata_settings import QsSettings

NAMES = ("conflicts", "coverage", "reconciliation")
FORMATS = ("markdown", "json")
_MARKDOWN: dict[str, Callable[[dict[str, Any]], str]] = {
    "conflicts": conflicts_markdown.markdown,
    "coverage": coverage.markdown,
    "reconciliation": reconciliation.markdown,
}


def document(
    name: str,
    project: Project,
    curation: Curation,
    wikidata: QsSettings,
    *,
    compare: Compare | None = None,
    held: tuple[Blocking, ...] | None = None,
) -> dict[str, Any]:
    """The data of report `name` (one of NAMES); raises DataFileError (seeds/coverage.toml).

    `wikidata` (seeds/wikidata.toml) plans the QuickStatements file whose waiting
    statements the reconciliation report counts per entity (compared with Wikidata by
    `compare` when the batch is; `held`: plan.blocking's result, when the caller has it)."""
    if name == "conflicts":
        return conflicts_document.report(curation)
    if name == "coverage":
        return coverage.report(curation, curation.no_fact)
    if name == "reconciliation":
        return reconciliation.report(curation, wikidata, compare=compare, held=held)
    raise ValueError(f"unknown report {name!r}")


def render(name: str, data: dict[str, Any], fmt: str) -> bytes:
    """Report `name`'s data as Markdown or JSON bytes."""
    if fmt == "json":
        return dumps(data)
    if fmt != "markdown":
        raise ValueError(f"unknown format {fmt!r}")
    return _MARKDOWN[name](data).encode("utf-8")


def text(name: str, project: Project, curation: Curation, fmt: str, wikidata: QsSettings) -> str:
    """Report `name` as the text `svg-rdf <name>` prints; raises DataFileError (coverage.toml)."""
    return render(name, document(name, project, curation, wikidata), fmt).decode("utf-8")


def render_reports(
    project: Project,
    curation: Curation,
    wikidata: QsSettings,
    *,
    compare: Compare | None = None,
    held: tuple[Blocking, ...] | None = None,
) -> list[OutputFile]:
    """The six report files of output/ (`<name>.md` and `<name>.json` for each report);
    `held` is plan.blocking's result when the caller has it (else computed again)."""
    files = []
    for name in NAMES:
        data = document(name, project, curation, wikidata, compare=compare, held=held)
        files.append(OutputFile(f"{name}.md", render(name, data, "markdown"), MARKDOWN))
        files.append(OutputFile(f"{name}.json", render(name, data, "json"), JSON))
    return files
