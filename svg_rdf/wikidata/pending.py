"""Pending lists: what output/wikidata.qs does and what waits, for programs and for people.

`document` is the machine-readable list (counts, what to do first, created items, every
entity whose Q-id is wanted with how many statements need it and how many recording it
releases, entities modelled locally, weak references, pending claims with reason codes);
`markdown` renders the same for editors, summary first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from svg_rdf.curation.wikidata_constraints import UNRECORDED, unknown
from svg_rdf.markdown import escape, plural
from svg_rdf.model import Curation
from svg_rdf.wikidata import release
from svg_rdf.wikidata.blockers import LOCAL
from svg_rdf.wikidata.constraints import CHECKED, not_checked
from svg_rdf.wikidata.release import Blocking
from svg_rdf.wikidata.statements import Plan

REASONS = {
    "no-qid": "an entity without a Q-id",
    "local": "an entity modelled locally",
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
    "wikidata-differs": "Wikidata holds something else",
    "wikidata-missing": "an item that is not on Wikidata",
    "constraint": "a mandatory Wikidata property constraint broken",
}


def document(result: Plan, curation: Curation, blocking: Sequence[Blocking]) -> dict[str, Any]:
    """The machine-readable list: counts, summary, created items, blockers, pending claims.

    `blocking` is svg_rdf.wikidata.plan.blocking of the same plan: what each missing Q-id
    holds back and releases (simulated), the numbers the reconciliation report shows too.
    """
    entities = {e.slug: e for e in curation.entities}
    statements = result.statements
    reasons: Counter[str] = Counter(  # statements, not reasons: one lacks several Q-ids
        code for p in result.pending for code in {r.code for r in p.reasons}
    )
    local = release.local_counts(result)
    counts = {
        "statements": result.claims,
        "exported": len(statements),
        "exported_on_existing_items": sum(1 for s in statements if s.subject != "LAST"),
        "exported_on_created_items": sum(1 for s in statements if s.subject == "LAST"),
        "created_items": sum(1 for b in result.blocks if b.created),
        "references": sum(len(s.references) for s in statements),
        "pending": len(result.pending),
        "modelled_locally": sum(
            1 for p in result.pending if any(r.code == LOCAL for r in p.reasons)
        ),
    }
    best = blocking[0] if blocking else None
    return {
        "counts": counts,
        "waiting_by_reason": dict(sorted(reasons.items())),
        "do_first": None
        if best is None
        else {
            "action": f"record the Q-id of {best.slug} ({entities[best.slug].label})",
            "entity": best.slug,
            "statements_released": best.releases,
            "statements_waiting": best.waiting,
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
                "entity": b.slug,
                "label": entities[b.slug].label,
                "kind": entities[b.slug].kind,
                "place": str(entities[b.slug].place),
                "statements_waiting": b.waiting,
                "statements_released": b.releases,
            }
            for b in blocking
        ],
        "local": [
            {
                "entity": e.slug,
                "label": e.label,
                "kind": e.kind,
                "place": str(e.place),
                "reason": e.wikidata_reason,
                "statements_waiting": local.get(e.slug, 0),
            }
            for e in sorted(curation.entities, key=lambda e: e.slug)
            if e.wikidata == LOCAL
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
        "constraint_suggestions": [
            {
                "subject": s.claim.subject,
                "property": s.claim.pid,
                "value": s.claim.value.display(),
                "places": [str(place) for place in s.claim.places],
                "constraint": s.violation.constraint.kind,
                "constraint_qid": s.violation.constraint.qid,
                "checked": s.violation.checked,
                "detail": s.violation.text(),
            }
            for s in result.suggestions
        ],
        "constraints_unknown_for": sorted(
            {s.claim.pid for s in statements} & set(unknown(curation.wikidata_constraints)),
            key=lambda pid: int(pid[1:]),
        ),
        # the lines' properties with a constraint whose status no source records
        "constraints_status_unrecorded_for": sorted(
            {
                c.pid
                for c in curation.wikidata_constraints
                if c.status == UNRECORDED and c.kind in CHECKED
            }
            & {s.claim.pid for s in statements},
            key=lambda pid: int(pid[1:]),
        ),
        "constraints_not_checked": [
            {"property": c.pid, "constraint": c.kind, "constraint_qid": c.qid}
            for c in not_checked(curation.wikidata_constraints, {s.claim.pid for s in statements})
        ],
    }


def summary(document: dict[str, Any], name: str) -> list[str]:
    """The opening an editor acts on: what to do first (with the simulated count), what the
    batch does, what waits."""
    counts = document["counts"]
    does = (
        f"**What {name} does:** creates {plural(counts['created_items'], 'item')}, adds "
        f"{plural(counts['exported_on_existing_items'], 'statement')} to existing items"
    )
    if counts["created_items"]:
        does += f" and {plural(counts['exported_on_created_items'], 'statement')} to the new ones"
    does += f", with {plural(counts['references'], 'reference')}."
    waits = ", ".join(
        f"{count} for {REASONS.get(code, code)}"
        for code, count in sorted(document["waiting_by_reason"].items(), key=lambda p: -p[1])
    )
    out = [
        "## Summary for editors",
        "",
        *comparison_lines(document, name),
        f"- {does}",
        f"- **What waits:** {plural(counts['pending'], 'statement')} of {counts['statements']}"
        + (f" (reasons, a statement may have several: {waits})." if waits else "."),
    ]
    best = document["do_first"]
    if best is not None and best["statements_released"]:
        out.insert(
            2 + len(comparison_lines(document, name)),  # after whether it was compared
            f"- **Do first:** {escape(best['action'])} (`svg-rdf reconcile`, then accept the right "
            f"candidate). Then the file sends {plural(best['statements_released'], 'statement')}"
            " more: found by planning again with it recorded. It is needed by "
            f"{plural(best['statements_waiting'], 'waiting statement')}; the table below gives "
            "both numbers for every entity.",
        )
    elif best is not None:
        out.insert(
            2,
            "- **Do first:** no single Q-id releases a statement on its own (each also waits "
            f"for something else); {escape(best['entity'])} is needed by the most, "
            f"{plural(best['statements_waiting'], 'waiting statement')}.",
        )
    if counts["modelled_locally"]:
        out.append(
            "- **Modelled locally**, so they stay in our graph only: "
            f"{plural(counts['modelled_locally'], 'statement')} that need an entity declared "
            'local (`wikidata = "local"`: never a Wikidata item).'
        )
    for weak in document["weak_references"]:
        out.append(
            f"- **Weak references** from {escape(weak['source'])} ({escape(weak['title'])}): "
            + "; ".join(
                f"{escape(lack.split(': ', 1)[0])}, add `{lack.split(': ', 1)[1]}`"
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


def comparison_lines(document: dict[str, Any], name: str) -> list[str]:
    """The first bullets: whether the lines were compared with the items on Wikidata."""
    compared = document.get("wikidata_comparison")
    if compared is None or not (compared["items"] or compared["not_compared"]):
        return []
    outcomes = compared["outcomes"]
    if compared["not_compared"]:
        out = [
            f"- **Not compared with Wikidata:** {plural(outcomes.get('not-compared', 0), 'line')}"
            f" of {name} about {escape(', '.join(compared['not_compared']))} may repeat what "
            "the items hold or add a less precise value beside theirs. First run "
            "`svg-rdf wikidata-fetch`, then `svg-rdf build`."
        ]
        if compared.get("set_aside"):
            out[0] += f" The snapshot was set aside: {escape(compared['set_aside'])}."
    else:
        parts = [
            f"{outcomes.get(code, 0)} {what}"
            for code, what in (
                ("new", "new statements"),
                ("adds-reference", "references (with any missing qualifier) on statements there"),
                ("adds-qualifier", "qualifiers alone"),
                ("reference-on-finer-value", "references on Wikidata's more precise value"),
                ("already-on-wikidata", "already there (left out)"),
                ("held", "waiting because Wikidata differs or lacks the item"),
            )
        ]
        site = escape(compared["site"])
        out = [f"- **Compared with Wikidata** ({site}): " + ", ".join(parts) + "."]
    for item in compared["items"]:
        if item["status"] == "missing":
            seen = f"not found on Wikidata (fetched {escape(item['fetched'])}): its statements wait"
        else:
            seen = f"revision {escape(str(item['revision']))}, fetched {escape(item['fetched'])}"
            if item["merged_into"]:
                seen += (
                    f"; merged into {escape(item['merged_into'])}, where the lines go: record "
                    f'qid = "{escape(item["merged_into"])}" for {escape(item["entity"])}'
                )
        out.append(f"  - {escape(item['qid'])} ({escape(item['entity'])}): {seen}")
    return out


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
                f"| {escape(c['entity'])} | {escape(c['label'])} | {escape(c['place'])} | "
                f"{escape(c['checked'])}: {escape(c['note'] or '')} | {c['statements']} |"
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
            "`wikidata_checked` and `wikidata_note`; what will never be a Wikidata item "
            '(a concept of our own model) is declared `wikidata = "local"` with `wikidata_reason`.',
            "",
            "Every entity a waiting statement lacks a Q-id for. *Released* is how many more "
            "statements go out once its Q-id is recorded, found by planning again with it "
            "recorded (statements QuickStatements would merge count once; one that also waits "
            "for something else stays).",
            "",
            "| entity | label | kind | defined at | waiting statements that need it | released "
            "by its Q-id |",
            "|---|---|---|---|---|---|",
            *(
                f"| {escape(n['entity'])} | {escape(n['label'])} | {escape(n['kind'])} | "
                f"{escape(n['place'])} | "
                f"{n['statements_waiting']} | {n['statements_released']} |"
                for n in document["needs_qid"]
            ),
            "",
        ]
    if document["local"]:
        out += [
            "## Entities modelled locally",
            "",
            'Declared `wikidata = "local"`: never Wikidata items, so never reconciled or '
            "created; the statements that need them stay in our graph only.",
            "",
            "| entity | label | kind | defined at | why local | waiting statements |",
            "|---|---|---|---|---|---|",
            *(
                f"| {escape(n['entity'])} | {escape(n['label'])} | {escape(n['kind'])} | "
                f"{escape(n['place'])} | "
                f"{escape(n['reason'])} | {n['statements_waiting']} |"
                for n in document["local"]
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
            out.append(
                f"| {escape(statement)} | {escape(', '.join(item['places']))} | {escape(why)} |"
            )
        out.append("")
    return ("\n".join(out + constraint_section(document))).encode("utf-8")


def constraint_section(document: dict[str, Any]) -> list[str]:
    """What Wikidata's constraints say of the lines that go out, and what was not checked."""
    out: list[str] = []
    unrecorded = document.get("constraints_status_unrecorded_for", [])
    unchecked = document.get("constraints_not_checked", [])
    if not (
        document["constraint_suggestions"]
        or document["constraints_unknown_for"]
        or unrecorded
        or unchecked
    ):
        return out
    out += ["## Wikidata constraints to look at (the lines still go out)", ""]
    if document["constraint_suggestions"]:
        out += ["| statement | curated at | constraint |", "|---|---|---|"]
        for c in document["constraint_suggestions"]:
            statement = f"{c['subject']} {c['property']} {c['value']}"
            places = escape(", ".join(c["places"]))
            out.append(f"| {escape(statement)} | {places} | {escape(c['detail'])} |")
        out.append("")
    if document["constraints_unknown_for"]:
        out += [
            "Not checked: Wikidata's constraints of "
            + escape(", ".join(document["constraints_unknown_for"]))
            + " could not be read (ontology/wikidata-constraints.csv); check those lines "
            "against each property's talk page before running the batch.",
            "",
        ]
    if unchecked:
        kinds: dict[tuple[str, str | None], list[str]] = {}
        for c in unchecked:
            kinds.setdefault((c["constraint"], c["constraint_qid"]), []).append(c["property"])
        out += [
            "Not checked: "
            + "; ".join(
                f"the {kind} constraint ({qid}) of {', '.join(pids)}"
                for (kind, qid), pids in sorted(kinds.items())
            )
            + ": svg-rdf reads it but does not check it; look at those lines against "
            "Wikidata's constraint report before running the batch.",
            "",
        ]
    if unrecorded:
        out += [
            "Status not recorded: listed, never held. The sources read for the constraints of "
            + escape(", ".join(unrecorded))
            + " give no constraint status (status `unrecorded` in "
            "ontology/wikidata-constraints.csv), so a line that breaks one still goes out and "
            "is listed in this section; a property talk page marks a mandatory constraint "
            '("constraint status: mandatory constraint"): record `mandatory` with that '
            "page to hold such lines.",
            "",
        ]
    return out
