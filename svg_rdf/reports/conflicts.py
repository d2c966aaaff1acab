"""Conflicts report: where the sources disagree about a subject and property.

The rule (also printed at the top of the Markdown report):

- Statements are grouped by (subject, property). A statement is supported by a source when
  one of its pieces of evidence quotes that source. A source's *set* for a group is the set
  of statements (value and qualifiers) it supports. A source that says nothing about the
  property never disagrees.
- **Single-valued** properties (datatype `time` or `quantity`, or one of
  SINGLE_VALUED_ITEMS) have one true value per scope. They conflict *between sources* when
  two stating sources' sets differ, and *within a source* when it gives two values.
- **Multi-valued** properties (bases, aircraft, battles) are lists: a source naming more
  members than another adds detail and does not disagree. They conflict *between sources*
  when each of two sources states something the other does not, and *within a source*
  when two of its sentences list two or more members each at the same scope and each
  list has a member the other lacks (an infobox line against the prose, for example).
- A statement's *scope* is its SCOPE_QUALIFIERS (what a count covers, when, which part, in
  which role). Two statements *clash* when they have the same scope and differ, unless they
  have the same value and one's qualifiers are a subset of the other's (it only says
  less). What is compared: a statement a source lacks against that source's statements
  (for lists, only those the first statement's sources lack); different values of a
  single-valued property in one source; the members two disagreeing lists do not share.
- A conflict is **explained** when nothing clashes: every difference lies in at least one
  scope qualifier. Other qualifiers (end cause, stated as, sourcing circumstances, ...) are
  part of what is claimed, so a difference there is unexplained.
- **Ranks**: a conflict with no preferred statement is flagged, since every non-deprecated
  value then stays truthy (`wdt:`).
"""

from __future__ import annotations

import bisect
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
from svg_rdf.reports.sentences import split

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
    sentences = {source.stem: _SentenceIndex(source.text) for source in curation.sources}
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in curation.claims:
        groups[(claim.subject, claim.pid)].append(claim)
    conflicts = []
    for (subject, pid), claims in groups.items():
        group = _Group(sorted(claims, key=Claim.key), single_valued(pid, datatypes), sentences)
        found = group.conflict(subject, pid)
        if found is not None:
            conflicts.append(found)
    return sorted(conflicts, key=lambda c: (c.subject, int(c.pid[1:])))


class _SentenceIndex:
    """Which sentence (or heading) of a source an offset falls in, by the sentence's start."""

    def __init__(self, text: str) -> None:
        self._starts = [piece.start for piece in split(text)]

    def of(self, offset: int) -> int:
        position = bisect.bisect_right(self._starts, offset) - 1
        return self._starts[position] if position >= 0 else -1


class _Group:
    """The statements of one (subject, property), with the statements each source supports."""

    def __init__(
        self, claims: list[Claim], single: bool, sentences: dict[str, _SentenceIndex]
    ) -> None:
        self.claims = claims
        self.single = single
        self.sentences = sentences
        self.support: dict[str, set[int]] = defaultdict(set)
        for index, claim in enumerate(claims):
            for evidence in claim.evidence:
                self.support[evidence.source].add(index)
        self.stating = tuple(sorted(self.support))
        self.kinds: list[str] = []
        self.clashes: dict[int, set[int]] = defaultdict(set)

    def conflict(self, subject: str, pid: str) -> Conflict | None:
        self._between_sources()
        for source in self.stating:
            if self._within(source):
                self.kinds.append(f"within {source}")
        if not self.kinds:
            return None
        statements = tuple(
            Statement(
                number=index + 1,
                claim=claim,
                sources=tuple(s for s in self.stating if index in self.support[s]),
                missing_from=tuple(s for s in self.stating if index not in self.support[s]),
                clashes=tuple(sorted(other + 1 for other in self.clashes[index])),
            )
            for index, claim in enumerate(self.claims)
        )
        return Conflict(subject, pid, tuple(self.kinds), statements, self.stating)

    def _between_sources(self) -> None:
        sets = {source: frozenset(self.support[source]) for source in self.stating}
        if self.single:
            differ = len(set(sets.values())) > 1
        else:  # one source only adding values to a list is more detail, not disagreement
            differ = any(sets[a] - sets[b] and sets[b] - sets[a] for a in sets for b in sets)
        if not differ:
            return
        self.kinds.append(BETWEEN)
        for index, claim in enumerate(self.claims):
            backers = [sets[s] for s in self.stating if index in sets[s]]
            for source in self.stating:
                if index in sets[source]:
                    continue
                others = sets[source]
                if not self.single:  # a list member that all of its sources share is agreed
                    others = frozenset(o for o in others if any(o not in b for b in backers))
                for other in others:
                    if _clash(claim, self.claims[other]):
                        self.clashes[index].add(other)

    def _within(self, source: str) -> bool:
        """Record clashes inside `source`; whether it contradicts itself."""
        indices = sorted(self.support[source])
        found = False
        if self.single:
            for i in indices:
                for j in indices:
                    if self.claims[i].value.key() != self.claims[j].value.key():
                        found = True
                        if scope_of(self.claims[i]) == scope_of(self.claims[j]):
                            self.clashes[i].add(j)
            return found
        lists = [(key, members) for key, members in self._lists(source).items() if len(members) > 1]
        for (sentence, scope), first in lists:
            for (other_sentence, other_scope), second in lists:
                if scope != other_scope or sentence == other_sentence:
                    continue
                if not (first - second and second - first):
                    continue  # one list only adds members to the other
                found = True
                for i in first - second:
                    for j in second - first:
                        if _clash(self.claims[i], self.claims[j]):
                            self.clashes[i].add(j)
        return found

    def _lists(self, source: str) -> dict[tuple[int, tuple[Qualifier, ...]], set[int]]:
        """The statements each sentence of `source` lists, by (sentence start, scope)."""
        lists: dict[tuple[int, tuple[Qualifier, ...]], set[int]] = defaultdict(set)
        for index in sorted(self.support[source]):
            claim = self.claims[index]
            for evidence in claim.evidence:
                if evidence.source == source:
                    sentence = self.sentences[source].of(evidence.start)
                    lists[(sentence, scope_of(claim))].add(index)
        return lists


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
        "(value and qualifiers) it supports. A source that is silent does not disagree.",
        "- *Single-valued* properties (time and quantity properties, and "
        + ", ".join(
            f"{p['property']} {p['why']}" for p in document["rules"]["single_valued_properties"]
        )
        + ") conflict between sources when the sources' sets differ, and within a source "
        "when it gives two values.",
        "- *Multi-valued* properties are lists: naming more members only adds detail. They "
        "conflict between sources when each source states something the other does not, and "
        "within a source when two of its sentences list different members at the same scope, "
        "each having one the other lacks (an infobox line against the prose).",
        "- Two statements *clash* when they differ at the same scope, unless one is the other "
        "with fewer qualifiers. A conflict is *explained* when nothing clashes. Scope "
        "qualifiers: "
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
