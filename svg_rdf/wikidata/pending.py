"""Pending lists: what output/wikidata.qs holds and what waits, for programs and for people.

`document` is the machine-readable list (counts, created items, pending claims with
reason codes, entities whose Q-id is wanted, most wanted first); `markdown` renders the
same for editors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from svg_rdf.model import Curation

if TYPE_CHECKING:
    from svg_rdf.wikidata.plan import Pending, Plan


def waiting_for_qid(pending: Iterable[Pending]) -> list[tuple[str, int]]:
    """Entities whose missing Q-id holds statements back, most statements first."""
    counts: Counter[str] = Counter()
    for item in pending:
        counts.update({slug for r in item.reasons if r.code == "no-qid" for slug in r.entities})
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def document(result: Plan, curation: Curation) -> dict[str, Any]:
    """The machine-readable list: counts, created items, pending claims, Q-ids wanted."""
    entities = {e.slug: e for e in curation.entities}
    statements = result.statements
    return {
        "counts": {
            "statements": result.claims,
            "exported": len(statements),
            "exported_on_existing_items": sum(1 for s in statements if s.subject != "LAST"),
            "exported_on_created_items": sum(1 for s in statements if s.subject == "LAST"),
            "created_items": sum(1 for b in result.blocks if b.created),
            "pending": len(result.pending),
        },
        "created": [
            {
                "entity": b.entity.slug,
                "label": b.entity.label,
                "place": str(b.entity.place),
                "statements": len(b.statements),
            }
            for b in result.blocks
            if b.created
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
        "needs_qid": [
            {
                "entity": slug,
                "label": entities[slug].label,
                "kind": entities[slug].kind,
                "place": str(entities[slug].place),
                "statements_waiting": count,
            }
            for slug, count in waiting_for_qid(result.pending)
        ],
    }


def markdown(document: dict[str, Any], name: str) -> bytes:
    """The same list for people: what the file holds, what to check, what waits and why."""
    counts = document["counts"]
    created = counts["created_items"]
    where = f"{counts['exported_on_existing_items']} on existing items"
    if created:
        where += (
            f", {counts['exported_on_created_items']} on the {created} "
            f"item{'s' if created > 1 else ''} it creates"
        )
    out = [
        f"# {name}: what it holds and what waits",
        "",
        f"{counts['exported']} of {counts['statements']} statements are in {name} ({where}); "
        f"{counts['pending']} wait.",
        "",
    ]
    if document["created"]:
        out += [
            "## Items the file creates",
            "",
            "Search Wikidata for each before submitting. If one exists, record its Q-id "
            "(`qid` and `qid_evidence` in seeds/entities/) and rebuild: the file will then add "
            "to that item instead of creating a duplicate.",
            "",
            "| entity | label | defined at | statements |",
            "|---|---|---|---|",
            *(
                f"| {c['entity']} | {_cell(c['label'])} | {c['place']} | {c['statements']} |"
                for c in document["created"]
            ),
            "",
        ]
    if document["needs_qid"]:
        out += [
            "## Entities that most need a Q-id",
            "",
            "| entity | label | kind | defined at | statements waiting |",
            "|---|---|---|---|---|",
            *(
                f"| {n['entity']} | {_cell(n['label'])} | {n['kind']} | {n['place']} | "
                f"{n['statements_waiting']} |"
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
