"""Conflicts report: where the sources disagree, decided pair by pair by named rules.

Statements are grouped by subject and property; deprecated statements take no part (they
are not truthy, Help:Ranking). Every two statements of a group that differ are decided
by the first rule of RULES that applies, and each entry of the report names that rule:

- *agree*: same-value-other-words (they differ only in how the source worded the value,
  P1932 stated as, P1683 quotation, or in a rank's reason), fewer-qualifiers (same value,
  one says less), class-and-subclass (one value is a subclass of the other by the
  curation's P279 statements), coarser-date (a year or month that contains the other
  date), within-bounds (an amount inside the other's bounds);
- *not a conflict*: scope-differs (they differ in a scope qualifier, or in a separator
  of the property's constraint, so they answer different questions: when, which part,
  counted how), several-values (the property
  takes several values and no single-value constraint is known);
- *conflict*: single-value (a single-value or single-best-value constraint in
  ontology/constraints.csv), one-value-per-scope (a time or quantity property without a
  known constraint: one date or count per scope); resolved-by-rank when a preferred
  statement leaves only one of the two truthy.

A property with no single-value or single-best-value constraint that is not a time or a
quantity holds several values: its different values are never a conflict by layout alone
(an infobox row "Location: Wuhan" beside prose naming the provinces lists some of the
places, it contradicts nothing). On a single-valued property, a conflict between an
infobox row and the prose of the same source is named infobox-against-prose: the source
contradicts itself, and the name says where.

A conflict is *within* a source when one source supports both statements, *between
sources* otherwise. Its status is *open*, *resolved by rank*, or *reviewed: not a
conflict* when a curator's entry in seeds/conflicts.toml names it, with the reason
(reports/reviewed.py). The report's document (reports/conflicts_document.py) carries a
legend that explains every marker of its tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from svg_rdf.cache import remember
from svg_rdf.curation.constraints import single_value_rule, single_valued
from svg_rdf.curation.infobox import infobox_lines
from svg_rdf.model import (
    Claim,
    Constraint,
    Curation,
    ItemValue,
    QuantityValue,
    SourceDocument,
    TimeValue,
)
from svg_rdf.reports import reviewed
from svg_rdf.reports.common import Labels
from svg_rdf.reports.conflict_rules import AGREE as AGREE
from svg_rdf.reports.conflict_rules import BETWEEN as BETWEEN
from svg_rdf.reports.conflict_rules import CONFLICT as CONFLICT
from svg_rdf.reports.conflict_rules import NOT_CONFLICT as NOT_CONFLICT
from svg_rdf.reports.conflict_rules import OPEN as OPEN
from svg_rdf.reports.conflict_rules import RESOLVED as RESOLVED
from svg_rdf.reports.conflict_rules import REVIEWED as REVIEWED
from svg_rdf.reports.conflict_rules import RULES as RULES
from svg_rdf.reports.conflict_rules import Conflict as Conflict
from svg_rdf.reports.conflict_rules import Group as Group
from svg_rdf.reports.conflict_rules import Pair as Pair
from svg_rdf.reports.conflict_rules import Rule as Rule

WORDING_QUALIFIERS = {
    "P1932": "stated as (how the source wrote the value)",
    "P1683": "quotation (the source's words)",
}
RANK_QUALIFIERS = {
    "P2241": "reason for deprecated rank",
    "P7452": "reason for preferred rank",
}
SCOPE_QUALIFIERS = {
    "P276": "location (where the value holds)",
    "P459": "determination method (how a figure was counted)",
    "P518": "applies to part (which part of the subject)",
    "P580": "start time (from when)",
    "P582": "end time (until when)",
    "P585": "point in time (when)",
    "P642": "of (within which scope)",
    "P1013": "criterion used (what was counted)",
    "P1114": "quantity (how many of the value)",
    "P1264": "valid in period (when)",
    "P1347": "military casualty classification (which casualties a count covers)",
    "P2868": "subject has role (in which role the subject holds the value)",
    "P3831": "object has role (in which role the value serves)",
}


def scope_of(claim: Claim, separators: Iterable[str] = ()) -> tuple[tuple[str, ...], ...]:
    """The scope qualifiers of `claim`, and the separators its property's constraint names."""
    scoped = SCOPE_QUALIFIERS.keys() | set(separators)
    return tuple(sorted(q.key() for q in claim.qualifiers if q.pid in scoped))


def _claimed(claim: Claim) -> frozenset[tuple[str, ...]]:
    """The qualifiers that are part of what is claimed (not wording, not a rank's reason)."""
    ignored = WORDING_QUALIFIERS.keys() | RANK_QUALIFIERS.keys()
    return frozenset(q.key() for q in claim.qualifiers if q.pid not in ignored)


class Judge:
    """Decides pairs of statements of one curation by RULES."""

    def __init__(self, curation: Curation) -> None:
        self.datatypes = {prop.pid: prop.datatype for prop in curation.properties}
        self.constraints: dict[str, Constraint] = single_valued(curation.constraints)
        self.superclasses = _superclasses(curation.claims)

    def single(self, pid: str) -> str | None:
        """The conflict rule for two truthy values of `pid`, or None (several values)."""
        return single_value_rule(pid, self.constraints, self.datatypes.get(pid))

    def separators(self, pid: str) -> tuple[str, ...]:
        """The separators of `pid`'s single-value constraint (qualifiers that scope it)."""
        return self.constraints[pid].parameters if pid in self.constraints else ()

    def agreement(self, a: Claim, b: Claim) -> str | None:
        """The agreement rule that makes `a` and `b` say the same, or None."""
        same_value = a.value.key() == b.value.key()
        mine, theirs = _claimed(a), _claimed(b)
        if same_value and mine == theirs:
            return "same-value-other-words"
        if same_value and (mine <= theirs or theirs <= mine):
            return "fewer-qualifiers"
        if mine != theirs:
            return None
        x, y = a.value, b.value
        if isinstance(x, ItemValue) and isinstance(y, ItemValue):
            related = self._subclass(x.slug, y.slug) or self._subclass(y.slug, x.slug)
            return "class-and-subclass" if related else None
        if isinstance(x, TimeValue) and isinstance(y, TimeValue):
            return "coarser-date" if _contains(x, y) or _contains(y, x) else None
        if isinstance(x, QuantityValue) and isinstance(y, QuantityValue):
            return "within-bounds" if _inside(x, y) or _inside(y, x) else None
        return None

    def decide(self, a: Claim, b: Claim, truthy: bool) -> str:
        """The rule deciding two differing statements of one subject and property."""
        agreed = self.agreement(a, b)
        if agreed is not None:
            return agreed
        separators = self.separators(a.pid)
        if scope_of(a, separators) != scope_of(b, separators):
            return "scope-differs"
        rule = self.single(a.pid)
        if rule is None:
            return "several-values"
        return rule if truthy else "resolved-by-rank"

    def _subclass(self, cls: str, other: str) -> bool:
        return other in self.superclasses.get(cls, frozenset())


def _superclasses(claims: Iterable[Claim]) -> dict[str, frozenset[str]]:
    """Each class's superclasses by the curation's non-deprecated P279 statements."""
    direct: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        if (
            claim.pid == "P279"
            and claim.rank != "deprecated"
            and isinstance(claim.value, ItemValue)
        ):
            direct[claim.subject].add(claim.value.slug)
    closure: dict[str, frozenset[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            cls = todo.pop()
            if cls not in seen:
                seen.add(cls)
                todo.extend(direct.get(cls, ()))
        closure[start] = frozenset(seen)
    return closure


def _contains(coarse: TimeValue, fine: TimeValue) -> bool:
    if coarse.precision >= fine.precision or coarse.precision not in (9, 10):
        return False
    if coarse.year != fine.year:
        return False
    return coarse.precision == 9 or coarse.month == fine.month


def _inside(value: QuantityValue, other: QuantityValue) -> bool:
    if value.unit != other.unit or (other.lower is None and other.upper is None):
        return False
    amount = Decimal(value.amount)
    if other.lower is not None and amount < Decimal(other.lower):
        return False
    return other.upper is None or amount <= Decimal(other.upper)


def _truthy(claims: tuple[Claim, ...]) -> set[int]:
    top = "preferred" if any(c.rank == "preferred" for c in claims) else "normal"
    return {i for i, c in enumerate(claims) if c.rank == top}


class Infoboxes:
    """Where each source's infobox lines are: the first run of `- Key: Value` lines."""

    def __init__(self, sources: Iterable[SourceDocument]) -> None:
        self.spans = {
            source.stem: [(line.start, line.end) for line in infobox_lines(source.text, "- ")]
            for source in sources
        }

    def kinds(self, claim: Claim, source: str) -> tuple[bool, bool]:
        """Whether `source` supports `claim` through its infobox, and through its prose."""
        found = {
            any(start <= e.start < end for start, end in self.spans.get(source, ()))
            for e in claim.evidence
            if e.source == source
        }
        return True in found, False in found


def judge_groups(curation: Curation) -> list[Group]:
    """Every (subject, property) group with its decided pairs, sorted by subject and number;
    judged once per curation object (the conflicts and their report both ask)."""
    return list(remember("groups", curation, lambda: tuple(_judge_groups(curation))))


def _judge_groups(curation: Curation) -> list[Group]:
    judge = Judge(curation)
    boxes = Infoboxes(curation.sources)
    by_key: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in curation.claims:
        by_key[(claim.subject, claim.pid)].append(claim)
    groups = []
    for (subject, pid), found in by_key.items():
        claims = tuple(sorted(found, key=Claim.key))
        live = [i for i, c in enumerate(claims) if c.rank != "deprecated"]
        truthy = _truthy(claims)
        pairs = [
            Pair(i, j, judge.decide(claims[i], claims[j], i in truthy and j in truthy))
            for n, i in enumerate(live)
            for j in live[n + 1 :]
        ]
        if judge.single(pid) is not None:  # a multi-valued row lists some of the values
            pairs = _named_by_layout(pairs, _infobox_pairs(claims, live, judge, boxes))
        groups.append(Group(subject, pid, claims, tuple(pairs)))
    return sorted(groups, key=lambda g: (g.subject, int(g.pid[1:])))


def _named_by_layout(decided: list[Pair], layout: list[Pair]) -> list[Pair]:
    """The decided pairs, each conflict an infobox row and the prose of the same source
    give renamed `infobox-against-prose` (it says where the source contradicts itself);
    agreements, differences of scope and pairs resolved by rank keep their rule."""
    named = {(p.first, p.second): p for p in layout}
    return [
        named.get((p.first, p.second), p) if RULES[p.rule].verdict == CONFLICT else p
        for p in decided
    ]


def _infobox_pairs(
    claims: tuple[Claim, ...], live: list[int], judge: Judge, boxes: Infoboxes
) -> list[Pair]:
    sources = sorted({e.source for i in live for e in claims[i].evidence})
    found: list[Pair] = []
    for source in sources:
        box: dict[tuple[tuple[str, ...], ...], set[int]] = defaultdict(set)
        prose: dict[tuple[tuple[str, ...], ...], set[int]] = defaultdict(set)
        for i in live:
            in_box, in_prose = boxes.kinds(claims[i], source)
            scope = scope_of(claims[i], judge.separators(claims[i].pid))
            if in_box:
                box[scope].add(i)
            if in_prose:
                prose[scope].add(i)
        for scope in sorted(box.keys() & prose.keys()):

            def unmatched(mine: set[int], theirs: set[int]) -> list[int]:
                return [
                    i
                    for i in sorted(mine)
                    if not any(i == j or judge.agreement(claims[i], claims[j]) for j in theirs)
                ]

            lone_box = unmatched(box[scope], prose[scope])
            lone_prose = unmatched(prose[scope], box[scope])
            if lone_box and lone_prose:
                found += [
                    Pair(min(i, j), max(i, j), "infobox-against-prose")
                    for i in lone_box
                    for j in lone_prose
                ]
    return sorted(set(found), key=lambda p: (p.first, p.second))


def find_conflicts(curation: Curation) -> list[Conflict]:
    """The conflicts (conflict or resolved pairs), one per group and rule, each with the
    curator's review (seeds/conflicts.toml) when one names it; judged once per curation
    object (a build's reports and its site both ask).

    Raises DataFileError for a review that names no conflict.
    """
    return list(remember("conflicts", curation, lambda: tuple(_judged(curation))))


def _judged(curation: Curation) -> list[Conflict]:
    conflicts = []
    for group in judge_groups(curation):
        by_rule: dict[str, list[Pair]] = defaultdict(list)
        for pair in group.pairs:
            if RULES[pair.rule].verdict in (CONFLICT, RESOLVED):
                by_rule[pair.rule].append(pair)
        for rule, pairs in sorted(by_rule.items()):
            where = set()
            for pair in pairs:
                both = set(group.sources(pair.first)) & set(group.sources(pair.second))
                where |= {f"within {source}" for source in both} if both else {BETWEEN}
            conflicts.append(Conflict(group, rule, tuple(pairs), tuple(sorted(where))))
    reviews = reviewed.match(conflicts, curation.reviewed, Labels(curation))
    return [
        replace(conflict, review=review)
        for conflict, review in zip(conflicts, reviews, strict=True)
    ]
