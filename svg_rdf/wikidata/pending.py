"""Pending lists: what output/wikidata.qs does and what waits, for programs and for people.

`document` is the machine-readable list (counts, the editor summary, created items,
entities whose Q-id is wanted with what they block, weak references, pending claims with
reason codes); `markdown` renders the same for editors, summary first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from svg_rdf.model import Curation

if TYPE_CHECKING:
    from svg_rdf.wikidata.plan import Pending, Plan

REASONS = {
    "no-qid": "an entity without a Q-id",
    "conflict": "conflicting values at one scope",
    "time-scope": "no time qualifier on a property true only for a time",
    "unit": "a quantity without its unit",
    "rank": "a rank QuickStatements cannot set",
    "same-value": "would merge into another statement",
    "not-article": "evidence only outside the article",
    "weak-quote": "a quote that is only the value's name",
    "quantity-bounds": "bounds QuickStatements cannot write",
    "unwritable-string": "text QuickStatements cannot carry",
    "source-unnamed": "a source a reference cannot name",
}


def waiting_for_qid(pending: Iterable[Pending]) -> list[tuple[str, int, int]]:
    """Entities whose missing Q-id holds statements back: (slug, statements it holds,
    statements that wait for it alone), most held first."""
    held: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for item in pending:
        blockers = {slug for r in item.reasons if r.code == "no-qid" for slug in r.entities}
        held.update(blockers)
        if len(blockers) == 1 and all(r.code == "no-qid" for r in item.reasons):
            alone.update(blockers)
    return sorted(
        ((slug, count, alone[slug]) for slug, count in held.items()),
        key=lambda row: (-row[2], -row[1], row[0]),
    )


def document(result: Plan, curation: Curation) -> dict[str, Any]:
    """The machine-readable list: counts, summary, created items, blockers, pending claims."""
    entities = {e.slug: e for e in curation.entities}
    statements = result.statements
    wanted = waiting_for_qid(result.pending)
    reasons: Counter[str] = Counter(r.code for p in result.pending for r in p.reasons)
    counts = {
        "statements": result.claims,
        "exported": len(statements),
        "exported_on_existing_items": sum(1 for s in statements if s.subject != "LAST"),
        "exported_on_created_items": sum(1 for s in statements if s.subject == "LAST"),
        "created_items": sum(1 for b in result.blocks if b.created),
        "references": sum(len(s.references) for s in statements),
        "pending": len(result.pending),
    }
    best = wanted[0] if wanted and wanted[0][2] else None
    return {
        "counts": counts,
        "waiting_by_reason": dict(sorted(reasons.items())),
        "unblocks_most": None
        if best is None
        else {
            "action": f"record the Q-id of {best[0]} ({entities[best[0]].label})",
            "entity": best[0],
            "statements_released": best[2],
        },
        "weak_references": [
            {"source": source.filename, "title": source.title, "lacks": list(lacks)}
            for source, lacks in result.weak_sources
        ],
        "created": [
            {
                "entity": b.entity.slug,
                "label": b.entity.label,
                "place": str(b.entity.place),
                "checked": b.entity.wikidata_checked,
                "note": b.entity.wikidata_note,
                "statements": len(b.statements),
            }
            for b in result.blocks
            if b.created
        ],
        "needs_qid": [
            {
                "entity": slug,
                "label": entities[slug].label,
                "kind": entities[slug].kind,
                "place": str(entities[slug].place),
                "statements_waiting": count,
                "waiting_for_it_alone": alone,
            }
            for slug, count, alone in wanted
        ],
        "pending": [
            {
                "subject": p.claim.subject,
                "property": p.claim.pid,
                "value": p.claim.value.display(),
                "qualifiers": [[q.pid, q.value.display()] for q in p.claim.qualifiers],
                "rank": p.claim.rank,
                "places": [str(place) for place in p.claim.places],
                "reasons": [
                    {"code": r.code, "detail": r.detail, "entities": list(r.entities)}
                    for r in p.reasons
                ],
            }
            for p in result.pending
        ],
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(document: dict[str, Any], name: str) -> list[str]:
    """The opening an editor acts on: what the batch does, what waits, what unblocks most."""
    counts = document["counts"]
    does = (
        f"**What {name} does:** creates {_plural(counts['created_items'], 'item')}, adds "
        f"{_plural(counts['exported_on_existing_items'], 'statement')} to existing items"
    )
    if counts["created_items"]:
        does += f" and {_plural(counts['exported_on_created_items'], 'statement')} to the new ones"
    does += f", with {_plural(counts['references'], 'reference')}."
    waits = ", ".join(
        f"{count} for {REASONS.get(code, code)}"
        for code, count in sorted(document["waiting_by_reason"].items(), key=lambda p: -p[1])
    )
    out = [
        "## Summary for editors",
        "",
        f"- {does}",
        f"- **What waits:** {_plural(counts['pending'], 'statement')} of {counts['statements']}"
        + (f" (reasons, a statement may have several: {waits})." if waits else "."),
    ]
    best = document["unblocks_most"]
    if best is not None:
        out.append(
            f"- **The single action that unblocks the most:** {best['action']}: "
            f"{_plural(best['statements_released'], 'statement')} wait for it alone "
            "(`svg-rdf reconcile`, then accept the right candidate)."
        )
    for weak in document["weak_references"]:
        out.append(
            f"- **Weak references** from {weak['source']} ({_cell(weak['title'])}): "
            + "; ".join(
                f"{lack.split(': ', 1)[0]}, add `{lack.split(': ', 1)[1]}`"
                for lack in weak["lacks"]
            )
            + " to its entry in seeds/sources.toml."
        )
    if document["created"]:
        out.append(
            "- Each created item was searched for on Wikidata first (date and note below); "
            "search once more just before running the batch."
        )
    return [*out, ""]


def markdown(document: dict[str, Any], name: str) -> bytes:
    """The same list for people: summary, created items, what blocks, what waits and why."""
    out = [f"# {name}: what it does and what waits", "", *summary(document, name)]
    if document["created"]:
        out += [
            "## Items the file creates",
            "",
            "| entity | label | defined at | searched on Wikidata | statements |",
            "|---|---|---|---|---|",
            *(
                f"| {c['entity']} | {_cell(c['label'])} | {c['place']} | "
                f"{c['checked']}: {_cell(c['note'] or '')} | {c['statements']} |"
                for c in document["created"]
            ),
            "",
        ]
    if document["needs_qid"]:
        out += [
            "## Entities that most need a Q-id",
            "",
            "Not created: none is recorded as searched for on Wikidata and missing there. "
            "Reconcile each (`svg-rdf reconcile`), or record `qid` and `qid_evidence` in "
            'seeds/entities/, or after a search that finds nothing `wikidata = "new"` with '
            "`wikidata_checked` and `wikidata_note`.",
            "",
            "| entity | label | kind | defined at | statements it blocks | waiting for it alone |",
            "|---|---|---|---|---|---|",
            *(
                f"| {n['entity']} | {_cell(n['label'])} | {n['kind']} | {n['place']} | "
                f"{n['statements_waiting']} | {n['waiting_for_it_alone']} |"
                for n in document["needs_qid"]
            ),
            "",
        ]
    if document["pending"]:
        out += ["## Statements that wait", "", "| statement | curated at | why |", "|---|---|---|"]
        for item in document["pending"]:
            statement = f"{item['subject']} {item['property']} {item['value']}"
            if item["qualifiers"]:
                statement += " (" + ", ".join(f"{p} {v}" for p, v in item["qualifiers"]) + ")"
            if item["rank"] != "normal":
                statement += f" [{item['rank']}]"
            why = "; ".join(f"{r['code']}: {r['detail']}" for r in item["reasons"])
            out.append(f"| {_cell(statement)} | {', '.join(item['places'])} | {_cell(why)} |")
        out.append("")
    return ("\n".join(out)).encode("utf-8")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
