"""Conflicts report, as data: the conflicts and decided pairs of reports/conflicts.py ->
the JSON document (rules, legend, constraints used, summary, every conflict with its
statements and status, the differences a reader could take for one). The Markdown is
rendered from it (reports/conflicts_markdown.py), so the two always agree."""

from __future__ import annotations

from typing import Any

from svg_rdf.curation.constraints import single_valued
from svg_rdf.model import Curation
from svg_rdf.reports.common import Labels, evidence_json, qualifier_json, value_json
from svg_rdf.reports.conflicts import (
    AGREE,
    BETWEEN,
    NOT_CONFLICT,
    OPEN,
    REVIEWED,
    RULES,
    SCOPE_QUALIFIERS,
    WORDING_QUALIFIERS,
    Conflict,
    Group,
    Judge,
    Pair,
    find_conflicts,
    judge_groups,
)

# Every marker the report's tables and lists use, and what it means (the report's legend).
LEGEND = (
    (
        "#",
        "in the Summary: the conflict's number (its section); in a section's table and "
        "quotes, and as #1 and #2 in its Rule line: a statement's number within its "
        "subject and property",
    ),
    (
        "(context)",
        "after a number: a statement of the same subject and property that the conflict "
        "does not involve, shown so every value is in view",
    ),
    ("yes", "in a source's column: the source supports the statement (its quote is listed)"),
    ("—", "in a source's column: the source does not state it; under Qualifiers: none"),
    (
        "none",
        "under Preferred: no statement has preferred rank, so every one that is not "
        "deprecated is truthy",
    ),
    ("within SOURCE", "one source supports both statements: it contradicts itself"),
    (BETWEEN, "no one source supports both statements"),
    (OPEN, "a conflict for curators to settle (rank, correction, or a review)"),
    ("resolved by rank", "a preferred statement leaves one value truthy"),
    (
        REVIEWED,
        "a curator reviewed the difference and recorded why it is none in "
        "seeds/conflicts.toml; the reason is shown",
    ),
    ("A / B", "under Statements: the two values of a pair"),
    ("⏎", "a line break in the source's text or a value"),
)


def report(curation: Curation) -> dict[str, Any]:
    """The conflicts report as JSON-ready data (its Markdown is rendered from this)."""
    labels = Labels(curation)
    judge = Judge(curation)
    groups = judge_groups(curation)
    conflicts = find_conflicts(curation)
    settled = [
        {
            "subject": group.subject,
            "subject_label": labels.entity(group.subject),
            "property": group.pid,
            "property_label": labels.property_label(group.pid),
            "statements": [pair.first + 1, pair.second + 1],
            "values": [
                labels.value(group.claims[pair.first].value),
                labels.value(group.claims[pair.second].value),
            ],
            "rule": pair.rule,
        }
        for group in groups
        for pair in group.pairs
        if _worth_listing(group, pair, judge)
    ]
    constraints = single_valued(curation.constraints)
    live = [c for c in conflicts if c.status == OPEN]
    return {
        "report": "conflicts",
        "rules": [
            {"rule": rule.name, "verdict": rule.verdict, "meaning": rule.meaning}
            for rule in RULES.values()
        ],
        "legend": [{"marker": marker, "meaning": meaning} for marker, meaning in LEGEND],
        "scope_qualifiers": _described(SCOPE_QUALIFIERS),
        "wording_qualifiers": _described(WORDING_QUALIFIERS),
        "single_value_constraints": [
            {
                "property": c.pid,
                "property_label": labels.property_label(c.pid),
                "constraint": c.kind,
                "basis": c.basis,
                "evidence": c.evidence,
            }
            for c in sorted(constraints.values(), key=lambda c: int(c.pid[1:]))
        ],
        "sources": [
            {"source": s.stem, "file": s.filename, "title": s.title}
            for s in sorted(curation.sources, key=lambda s: s.stem)
        ],
        "summary": {
            "conflicts": len(live),
            "between_sources": sum(1 for c in live if BETWEEN in c.where),
            "within_a_source": sum(1 for c in live if any(w != BETWEEN for w in c.where)),
            "no_preferred": sum(1 for c in live if not _preferred(c)),
            "resolved_by_rank": sum(1 for c in conflicts if c.status == "resolved by rank"),
            "reviewed_not_conflicts": sum(1 for c in conflicts if c.status == REVIEWED),
            "differences_not_conflicts": sum(
                1 for g in groups for p in g.pairs if RULES[p.rule].verdict in (AGREE, NOT_CONFLICT)
            ),
            "difference_groups": sum(
                1
                for g in groups
                if any(RULES[p.rule].verdict in (AGREE, NOT_CONFLICT) for p in g.pairs)
            ),
            "differences_listed": len(settled),
        },
        "conflicts": [_conflict_json(c, labels) for c in conflicts],
        "not_conflicts": settled,
    }


def _worth_listing(group: Group, pair: Pair, judge: Judge) -> bool:
    """Differences a reader could take for a conflict: every agreement, a difference of
    scope on a single-valued property, several values that no source gives together."""
    verdict = RULES[pair.rule].verdict
    if verdict == AGREE:
        return True
    if pair.rule == "scope-differs":
        return judge.single(group.pid) is not None
    if pair.rule == "several-values":
        return not set(group.sources(pair.first)) & set(group.sources(pair.second))
    return False


def _preferred(conflict: Conflict) -> list[int]:
    return [i + 1 for i, c in enumerate(conflict.group.claims) if c.rank == "preferred"]


def _described(properties: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"property": pid, "why": properties[pid]}
        for pid in sorted(properties, key=lambda pid: int(pid[1:]))
    ]


def _conflict_json(conflict: Conflict, labels: Labels) -> dict[str, Any]:
    group = conflict.group
    involved = sorted({i for pair in conflict.pairs for i in (pair.first, pair.second)})
    return {
        "subject": group.subject,
        "subject_label": labels.entity(group.subject),
        "property": group.pid,
        "property_label": labels.property_label(group.pid),
        "rule": conflict.rule,
        "verdict": RULES[conflict.rule].verdict,
        "status": conflict.status,
        "review": None
        if conflict.review is None
        else {
            "reason": conflict.review.reason,
            "declared_at": f"{conflict.review.place.path}:{conflict.review.place.line}",
        },
        "where": list(conflict.where),
        "pairs": [[pair.first + 1, pair.second + 1] for pair in conflict.pairs],
        "preferred": _preferred(conflict),
        "statements": [
            {
                "number": i + 1,
                "involved": i in involved,
                "value": value_json(claim.value, labels),
                "qualifiers": [
                    qualifier_json(q, labels)
                    for q in sorted(claim.qualifiers, key=lambda q: q.key())
                ],
                "rank": claim.rank,
                "sources": list(group.sources(i)),
                "evidence": [
                    evidence_json(e, labels) for e in sorted(claim.evidence, key=lambda e: e.key())
                ],
            }
            for i, claim in enumerate(group.claims)
        ],
    }
