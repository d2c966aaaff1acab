"""Edit summaries of QuickStatements lines: what an edit means on Wikidata, in its history.

A statement's line says svg-rdf verified the quote in the source, by the source's title
(seeds/sources.toml); a created item's terms say Wikidata was searched and had no such
item. No local paths (data files and lines are in the pending list). A Wikidata edit
summary holds 500 code points and QuickStatements and Wikibase add their own parts
(`#quickstatements`, the batch link, the autocomment), so ours keeps to SUMMARY_LIMIT.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from svg_rdf.model import Claim, Entity, SourceDocument

SUMMARY_LIMIT = 200
ELLIPSIS = "\u2026"


def summary(claim: Claim, sources: Mapping[str, SourceDocument]) -> str:
    """The edit summary of a claim's statement: the titles of the sources of its quotes."""
    return verified_summary([sources[s].title for s in sorted({e.source for e in claim.evidence})])


def verified_summary(titles: Sequence[str]) -> str:
    """`svg-rdf: quote verified in TITLE; TITLE`, made safe for a QuickStatements line
    (no `/*`, `*/`, `|`, tab or line break) and cut to SUMMARY_LIMIT with an ellipsis."""
    text = "svg-rdf: quote verified in " + "; ".join(dict.fromkeys(titles))
    return _fit(text)


def _fit(text: str) -> str:
    text = " ".join(text.split())
    for bad, good in (("*/", "* /"), ("/*", "/ *"), ("|", "/")):
        text = text.replace(bad, good)
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 1].rstrip() + ELLIPSIS
    return text


def new_item_summary(entity: Entity) -> str:
    """`svg-rdf: new item; Wikidata was searched on DATE and had none`."""
    checked = f" on {entity.wikidata_checked}" if entity.wikidata_checked else ""
    return _fit(f"svg-rdf: new item; Wikidata was searched{checked} and had none")
