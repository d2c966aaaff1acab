"""Reconciliation report: every entity with its Wikidata Q-id and that id's evidence, or not.

Unreconciled entities come first: those whose Q-id releases the most statements of
wikidata.qs first, then those most waiting statements need, then those most used by
statements (as subject, value or qualifier value), then by slug; the release numbers are
the pending list's own (svg_rdf.wikidata.plan.blocking). Entities declared local
(`wikidata = "local"`) are listed apart, with why: they are never reconciled. Each
unreconciled entity shows the candidates `svg-rdf reconcile query` recorded for it
(seeds/reconciliation.toml): service, date, what was sent, every candidate with its score
and matched properties, for review. Reconciled entities follow in slug order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from svg_rdf.markdown import escape, table
from svg_rdf.model import Curation, Entity, ItemValue
from svg_rdf.wikidata.blockers import LOCAL
from svg_rdf.wikidata.candidates import as_json
from svg_rdf.wikidata.plan import Blocking, Compare, QsSettings, blocking


@dataclass(frozen=True)
class Uses:
    """How many statements use an entity in each position."""

    subject: int
    value: int
    qualifier: int
    total: int  # statements using the entity anywhere, each counted once


def uses(curation: Curation) -> dict[str, Uses]:
    """Statement counts per entity slug: as subject, as value, in a qualifier, in total.

    A statement that uses an entity in two positions counts in each position, and once in
    the total.
    """
    counts: dict[str, list[int]] = {entity.slug: [0, 0, 0, 0] for entity in curation.entities}
    for claim in curation.claims:
        value = {claim.value.slug} if isinstance(claim.value, ItemValue) else set()
        qualifier = {q.value.slug for q in claim.qualifiers if isinstance(q.value, ItemValue)}
        for position, slugs in enumerate(({claim.subject}, value, qualifier)):
            for slug in slugs:
                counts[slug][position] += 1
        for slug in {claim.subject} | value | qualifier:
            counts[slug][3] += 1
    return {slug: Uses(*numbers) for slug, numbers in counts.items()}


def report(
    curation: Curation,
    wikidata: QsSettings,
    *,
    compare: Compare | None = None,
    held: tuple[Blocking, ...] | None = None,
) -> dict[str, Any]:
    """The reconciliation report as JSON-ready data, with the recorded candidates.

    `wikidata` are the QuickStatements settings: how many waiting statements need each
    entity's Q-id and how many recording it releases come from the same function as in
    wikidata-pending.* (svg_rdf.wikidata.plan.blocking), so the two reports agree;
    `held` is that function's result when the caller has it.
    """
    candidates = as_json(curation.reconciliation)
    counts = uses(curation)
    if held is None:
        held = blocking(curation, wikidata, compare=compare)
    waiting = {b.slug: b for b in held}
    none = Blocking("", 0, 0)
    unreconciled = sorted(
        (e for e in curation.entities if e.qid is None and e.wikidata != LOCAL),
        key=lambda e: (
            -waiting.get(e.slug, none).releases,
            -waiting.get(e.slug, none).waiting,
            -counts[e.slug].total,
            e.slug,
        ),
    )
    local = sorted((e for e in curation.entities if e.wikidata == LOCAL), key=lambda e: e.slug)
    reconciled = sorted((e for e in curation.entities if e.qid is not None), key=lambda e: e.slug)
    return {
        "report": "reconciliation",
        "summary": {
            "entities": len(curation.entities),
            "reconciled": len(reconciled),
            "unreconciled": len(unreconciled),
            "local": len(local),
            "unused": sum(1 for e in curation.entities if counts[e.slug].total == 0),
            "with_candidates": sum(1 for e in unreconciled if e.slug in candidates),
        },
        "unreconciled": [
            {
                **_entity_json(e, counts[e.slug]),
                "wikidata": {
                    "statements_waiting": waiting.get(e.slug, none).waiting,
                    "statements_released": waiting.get(e.slug, none).releases,
                },
                "reconciliation": candidates.get(e.slug),
            }
            for e in unreconciled
        ],
        "local": [{**_entity_json(e, counts[e.slug]), "reason": e.wikidata_reason} for e in local],
        "reconciled": [_entity_json(e, counts[e.slug]) for e in reconciled],
    }


def _entity_json(entity: Entity, used: Uses) -> dict[str, Any]:
    return {
        "slug": entity.slug,
        "label": entity.label,
        "kind": entity.kind,
        "qid": entity.qid,
        "qid_evidence": entity.qid_evidence,
        "defined_at": str(entity.place),
        "uses": {
            "subject": used.subject,
            "value": used.value,
            "qualifier": used.qualifier,
            "total": used.total,
        },
    }


def markdown(document: dict[str, Any]) -> str:
    """The report as Markdown, rendered from `report()`'s data so the two always agree."""
    summary = document["summary"]
    out = [
        "# Reconciliation",
        "",
        "Every entity with its Wikidata Q-id and the evidence for it, or listed as "
        "unreconciled. Generated by `svg-rdf build`; do not edit. A Q-id is written only "
        "with evidence of it; no id is guessed.",
        "",
        f"- Entities: {summary['entities']} ({summary['reconciled']} reconciled, "
        f"{summary['unreconciled']} unreconciled, {summary['local']} modelled locally; "
        f"{summary['unused']} used by no statement)",
        "- Uses: statements using the entity as subject / as value / in a qualifier.",
        "- Waiting / Released: statements of wikidata.qs that wait for its Q-id, and how many "
        "more go out once it is recorded (planned again with it; the same numbers as "
        "wikidata-pending.md).",
        "",
        f"## Unreconciled ({summary['unreconciled']}), most released first",
        "",
    ]

    def uses_cells(entity: dict[str, Any]) -> list[str]:
        used = entity["uses"]
        return [str(used["subject"]), str(used["value"]), str(used["qualifier"])]

    rows = [
        [
            escape(e["label"]),
            f"`{e['slug']}`",
            escape(e["kind"]),
            *uses_cells(e),
            str(e["wikidata"]["statements_waiting"]),
            str(e["wikidata"]["statements_released"]),
            escape(e["defined_at"]),
        ]
        for e in document["unreconciled"]
    ]
    header = ["Entity", "Slug", "Kind", "Subject", "Value", "Qualifier"]
    out += table([*header, "Waiting", "Released", "Defined at"], rows) if rows else ["None."]
    out += _candidates(document["unreconciled"])
    if document["local"]:
        out += [
            "",
            f"## Modelled locally ({summary['local']})",
            "",
            'Declared `wikidata = "local"`: never Wikidata items, so never reconciled or created.',
            "",
        ]
        rows = [
            [
                escape(e["label"]),
                f"`{e['slug']}`",
                escape(e["kind"]),
                *uses_cells(e),
                escape(e["reason"]),
                escape(e["defined_at"]),
            ]
            for e in document["local"]
        ]
        out += table([*header, "Why local", "Defined at"], rows)
    out += ["", f"## Reconciled ({summary['reconciled']})", ""]
    rows = [
        [
            escape(e["label"]),
            f"`{e['slug']}`",
            escape(e["kind"]),
            *uses_cells(e),
            _item(e["qid"]),
            escape(e["qid_evidence"]),
        ]
        for e in document["reconciled"]
    ]
    out += table([*header, "Q-id", "Evidence"], rows) if rows else ["None."]
    return "\n".join(out) + "\n"


def _candidates(unreconciled: list[dict[str, Any]]) -> list[str]:
    """The candidates recorded for unreconciled entities, for review."""
    found = [e for e in unreconciled if e.get("reconciliation")]
    if not found:
        return []
    out = [
        "",
        f"## Candidates to review ({len(found)} entities)",
        "",
        "Recorded by `svg-rdf reconcile query` in seeds/reconciliation.toml. Accept the right "
        "one with `svg-rdf reconcile accept SLUG QID`; it records the Q-id with this "
        "evidence. None is accepted automatically.",
    ]
    for entity in found:
        record = entity["reconciliation"]
        sent = record["sent"]
        asked = ", ".join(f"{p} = {v}" for p, v in sent["properties"]) or "none"
        out += [
            "",
            f"### {escape(entity['label'])} (`{entity['slug']}`)",
            "",
            f"Asked {escape(record['service'])} on {escape(record['date'])}: names "
            + ", ".join(f'"{escape(n)}"' for n in sent["names"])
            + f"; type {escape(sent['type'] or 'none')}; properties {escape(asked)}.",
            "",
        ]
        rows = [
            [
                _item(c["id"]),
                escape(c["name"]),
                escape(c["description"]),
                f"{c['score']:g}",
                "yes" if c["match"] else "no",
                escape(" ".join(c["matched"])) or "-",
                escape(c["query"]),
            ]
            for c in record["candidates"]
        ]
        header = ["Candidate", "Name", "Description", "Score", "Match", "Matched", "Query"]
        out += table(header, rows) if rows else ["No candidates."]
    return out


def _item(qid: str) -> str:
    """A link to a Wikidata item; an id of another shape is shown as text, never linked."""
    if re.fullmatch(r"Q[1-9][0-9]*", qid):
        return f"[{qid}](https://www.wikidata.org/wiki/{qid})"
    return escape(qid)
