"""Conflicts report: where the sources disagree about a subject and property.

The rule (also printed at the top of the Markdown report):

- Statements are grouped by (subject, property). A statement is supported by a source when
  one of its pieces of evidence quotes that source. A source's *set* for a group is the set
  of statements (value and qualifiers) it supports.
- **Between sources**: a group is in conflict when two or more sources state something about
  it and their sets differ. A source that says nothing about the property does not disagree.
- **Within a source**: a group is in conflict when its property is single-valued (a `time` or
  `quantity` property, or one of SINGLE_VALUED_ITEMS) and one source supports two different
  values.
- **Explained** by qualifiers: a statement's *scope* is its SCOPE_QUALIFIERS (what a count
  covers, when, which part, in which role). Between sources, a statement that some stating
  source lacks clashes with each statement of that source at the same scope, unless the
  two have the same value and one's qualifiers are a subset of the other's (it only says
  less); within a source, two different values at the same scope clash. A conflict is
  explained when no statement clashes with another, i.e. every difference lies in at
  least one scope qualifier. Other qualifiers (end cause, stated as, sourcing
  circumstances, ...) are part of what is claimed, so a difference there is unexplained.
- **Ranks**: a conflict with no preferred statement is flagged, since every non-deprecated
  value then stays truthy (`wdt:`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from svg_rdf.model import Claim, Curation, Evidence, Qualifier
from svg_rdf.reports.common import (
    Labels,
    cell,
    evidence_json,
    qualifier_json,
    quoted,
    table,
    value_json,
)

SCOPE_QUALIFIERS = {
    "P276": "location (where the value holds)",
    "P459": "determination method (how a figure was counted)",
    "P518": "applies to part (which part of the subject)",
    "P580": "start time (from when)",
    "P582": "end time (until when)",
    "P585": "point in time (when)",
    "P1013": "criterion used (what was counted)",
    "P1114": "quantity (how many of the value)",
    "P1264": "valid in period (when)",
    "P1347": "military casualty classification (which casualties a count covers)",
    "P3831": "object has role (in which role the value serves)",
}
SINGLE_VALUED_DATATYPES = ("quantity", "time")
SINGLE_VALUED_ITEMS = {
    "P509": "cause of death",
    "P740": "location of formation",
    "P1196": "manner of death",
}

BETWEEN = "between sources"


@dataclass(frozen=True)
class Statement:
    """One statement of a conflict, with what it clashes with (1-based numbers)."""

    number: int
    claim: Claim
    sources: tuple[str, ...]
    missing_from: tuple[str, ...]
    clashes: tuple[int, ...]

    @property
    def scope(self) -> tuple[Qualifier, ...]:
        return scope_of(self.claim)


@dataclass(frozen=True)
class Conflict:
    subject: str
    pid: str
    kinds: tuple[str, ...]
    statements: tuple[Statement, ...]
    stating: tuple[str, ...]

    @property
    def explained(self) -> bool:
        return not any(statement.clashes for statement in self.statements)

    @property
    def preferred(self) -> tuple[int, ...]:
        return tuple(s.number for s in self.statements if s.claim.rank == "preferred")


def scope_of(claim: Claim) -> tuple[Qualifier, ...]:
    return tuple(q for q in claim.qualifiers if q.pid in SCOPE_QUALIFIERS)


def _clash(claim: Claim, other: Claim) -> bool:
    """Same scope, yet neither is the other with fewer qualifiers (same value, subset)."""
    if scope_of(claim) != scope_of(other):
        return False
    if claim.value.key() != other.value.key():
        return True
    mine, theirs = set(claim.qualifiers), set(other.qualifiers)
    return not (mine <= theirs or theirs <= mine)


def single_valued(pid: str, datatypes: dict[str, str]) -> bool:
    return datatypes.get(pid) in SINGLE_VALUED_DATATYPES or pid in SINGLE_VALUED_ITEMS


def find_conflicts(curation: Curation) -> list[Conflict]:
    """Every conflicting (subject, property) group, sorted by subject slug and property number."""
    datatypes = {prop.pid: prop.datatype for prop in curation.properties}
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in curation.claims:
        groups[(claim.subject, claim.pid)].append(claim)
    conflicts = []
    for (subject, pid), claims in groups.items():
        found = _conflict(subject, pid, claims, single_valued(pid, datatypes))
        if found is not None:
            conflicts.append(found)
    return sorted(conflicts, key=lambda c: (c.subject, int(c.pid[1:])))


def _conflict(subject: str, pid: str, claims: list[Claim], single: bool) -> Conflict | None:
    claims = sorted(claims, key=Claim.key)
    support: dict[str, set[int]] = defaultdict(set)
    for index, claim in enumerate(claims):
        for evidence in claim.evidence:
            support[evidence.source].add(index)
    stating = tuple(sorted(support))
    clashes: dict[int, set[int]] = defaultdict(set)
    kinds: list[str] = []
    if len({frozenset(support[source]) for source in stating}) > 1:
        kinds.append(BETWEEN)
        for index, claim in enumerate(claims):
            for source in stating:
                if index in support[source]:
                    continue
                for other in support[source]:
                    if _clash(claim, claims[other]):
                        clashes[index].add(other)
    if single:
        for source in stating:
            indices = sorted(support[source])
            if len({claims[i].value.key() for i in indices}) < 2:
                continue
            kinds.append(f"within {source}")
            for i in indices:
                for j in indices:
                    same_scope = scope_of(claims[i]) == scope_of(claims[j])
                    if claims[i].value.key() != claims[j].value.key() and same_scope:
                        clashes[i].add(j)
    if not kinds:
        return None
    statements = tuple(
        Statement(
            number=index + 1,
            claim=claim,
            sources=tuple(s for s in stating if index in support[s]),
            missing_from=tuple(s for s in stating if index not in support[s]),
            clashes=tuple(sorted(other + 1 for other in clashes[index])),
        )
        for index, claim in enumerate(claims)
    )
    return Conflict(subject, pid, tuple(kinds), statements, stating)


def report(curation: Curation) -> dict[str, Any]:
    """The conflicts report as JSON-ready data (its Markdown is rendered from this)."""
    labels = Labels(curation)
    conflicts = find_conflicts(curation)
    return {
        "report": "conflicts",
        "rules": {
            "scope_qualifiers": _described(SCOPE_QUALIFIERS),
            "single_valued_datatypes": list(SINGLE_VALUED_DATATYPES),
            "single_valued_properties": _described(SINGLE_VALUED_ITEMS),
        },
        "sources": [
            {"source": s.stem, "file": s.filename, "title": s.title}
            for s in sorted(curation.sources, key=lambda s: s.stem)
        ],
        "summary": {
            "conflicts": len(conflicts),
            "explained": sum(1 for c in conflicts if c.explained),
            "unexplained": sum(1 for c in conflicts if not c.explained),
            "no_preferred": sum(1 for c in conflicts if not c.preferred),
        },
        "conflicts": [_conflict_json(c, labels) for c in conflicts],
    }


def _described(properties: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"property": pid, "why": properties[pid]}
        for pid in sorted(properties, key=lambda pid: int(pid[1:]))
    ]


def _conflict_json(conflict: Conflict, labels: Labels) -> dict[str, Any]:
    return {
        "subject": conflict.subject,
        "subject_label": labels.entity(conflict.subject),
        "property": conflict.pid,
        "property_label": labels.property_label(conflict.pid),
        "kinds": list(conflict.kinds),
        "explained": conflict.explained,
        "preferred": list(conflict.preferred),
        "no_preferred": not conflict.preferred,
        "stating_sources": list(conflict.stating),
        "statements": [
            {
                "number": s.number,
                "value": value_json(s.claim.value, labels),
                "qualifiers": [
                    qualifier_json(q, labels) for q in sorted(s.claim.qualifiers, key=Qualifier.key)
                ],
                "scope": [qualifier_json(q, labels) for q in sorted(s.scope, key=Qualifier.key)],
                "rank": s.claim.rank,
                "sources": list(s.sources),
                "missing_from": list(s.missing_from),
                "clashes_with": list(s.clashes),
                "evidence": [
                    evidence_json(e, labels) for e in sorted(s.claim.evidence, key=Evidence.key)
                ],
            }
            for s in conflict.statements
        ],
    }


def markdown(document: dict[str, Any]) -> str:
    """The report as Markdown, rendered from `report()`'s data so the two always agree."""
    summary = document["summary"]
    sources = [source["source"] for source in document["sources"]]
    out = [
        "# Conflicts",
        "",
        "Where the sources disagree about a subject and property: every statement side by "
        "side with its quotes, sources, qualifiers and rank. Generated by `svg-rdf build`; "
        "do not edit.",
        "",
        f"- Conflicts: {summary['conflicts']} ({summary['explained']} explained by scope "
        f"qualifiers, {summary['unexplained']} unexplained)",
        f"- With no preferred value: {summary['no_preferred']}",
        *(f"- `{s['source']}`: {s['title']}" for s in document["sources"]),
        "",
        "## How conflicts are found",
        "",
        "- Statements are grouped by subject and property; a source's set is the statements "
        "(value and qualifiers) it supports.",
        "- *Between sources*: two or more sources state the property and their sets differ. "
        "A source that is silent does not disagree.",
        "- *Within a source*: one source gives two different values of a single-valued "
        "property (time and quantity properties, and "
        + ", ".join(
            f"{p['property']} {p['why']}" for p in document["rules"]["single_valued_properties"]
        )
        + ").",
        "- A statement *clashes* with a statement of a source that lacks it when they "
        "differ but not in any scope qualifier (the same value with fewer qualifiers only "
        "says less and does not clash); within a source, different values of a "
        "single-valued property clash at the same scope. A conflict is *explained* when "
        "nothing clashes. Scope qualifiers: "
        + "; ".join(f"{p['property']} {p['why']}" for p in document["rules"]["scope_qualifiers"])
        + ".",
        "- With no preferred statement, every non-deprecated value stays truthy (`wdt:`).",
        "",
        "## Summary",
        "",
    ]
    rows = [
        [
            str(number),
            cell(c["subject_label"]),
            cell(f"{c['property']} {c['property_label']}"),
            cell(", ".join(c["kinds"])),
            "yes" if c["explained"] else "**no**",
            ", ".join(str(n) for n in c["preferred"]) or "none",
        ]
        for number, c in enumerate(document["conflicts"], 1)
    ]
    if rows:
        out += table(["#", "Subject", "Property", "Where", "Explained", "Preferred"], rows)
    else:
        out.append("No conflicts.")
    for number, conflict in enumerate(document["conflicts"], 1):
        out += ["", *_conflict_markdown(number, conflict, sources)]
    return "\n".join(out) + "\n"


def _conflict_markdown(number: int, conflict: dict[str, Any], sources: list[str]) -> list[str]:
    clashing = [s for s in conflict["statements"] if s["clashes_with"]]
    if conflict["explained"]:
        verdict = "yes: the statements differ in scope qualifiers"
    else:
        verdict = "**no**: " + "; ".join(
            f"#{s['number']} clashes with {', '.join(f'#{n}' for n in s['clashes_with'])}"
            for s in clashing
        )
    if conflict["preferred"]:
        ranks = "preferred: " + ", ".join(str(n) for n in conflict["preferred"])
    else:
        ranks = "no value is preferred; every non-deprecated statement is truthy"
    out = [
        f"## {number}. {conflict['subject_label']} (`{conflict['subject']}`): "
        f"{conflict['property']} {conflict['property_label']}",
        "",
        f"- Where: {', '.join(conflict['kinds'])}",
        f"- Explained: {verdict}",
        f"- Ranks: {ranks}",
        "",
    ]
    rows = []
    for s in conflict["statements"]:
        qualifiers = "; ".join(
            f"{q['property']} {q['property_label']}: {q['value']['label']}"
            + (" (scope)" if q in s["scope"] else "")
            for q in s["qualifiers"]
        )
        rows.append(
            [
                str(s["number"]),
                cell(s["value"]["label"]),
                cell(qualifiers) or "—",
                s["rank"],
                *("yes" if source in s["sources"] else "—" for source in sources),
                ", ".join(str(n) for n in s["clashes_with"]) or "—",
            ]
        )
    out += table(
        ["#", "Value", "Qualifiers", "Rank", *(f"`{s}`" for s in sources), "Clashes with"], rows
    )
    out += ["", "Quotes:", ""]
    for s in conflict["statements"]:
        for e in s["evidence"]:
            out.append(f"- {s['number']}. `{e['source']}` line {e['line']}: {quoted(e['quote'])}")
    return out
