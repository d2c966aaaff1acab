"""Conflicts, their terms: the rules that decide a pair of statements (RULES, each with its
verdict) and the records of what reports/conflicts.py finds (Pair, Group, Conflict), apart
so that reports/reviewed.py reads a Conflict without importing the finder.
"""

from __future__ import annotations

from dataclasses import dataclass

from svg_rdf.model import Claim, ReviewedConflict

AGREE, NOT_CONFLICT, CONFLICT, RESOLVED = "agree", "not a conflict", "conflict", "resolved"
BETWEEN = "between sources"
OPEN, REVIEWED = "open", "reviewed: not a conflict"


@dataclass(frozen=True)
class Rule:
    name: str
    verdict: str
    meaning: str


RULES = {
    rule.name: rule
    for rule in (
        Rule(
            "same-value-other-words",
            AGREE,
            "same value and scope; they differ only in how the source worded it (P1932, "
            "P1683) or in a rank's reason: one statement with several references",
        ),
        Rule("fewer-qualifiers", AGREE, "same value; one statement says less than the other"),
        Rule(
            "class-and-subclass",
            AGREE,
            "one value is a subclass of the other (the curation's P279 statements)",
        ),
        Rule("coarser-date", AGREE, "a year or month that contains the other, finer date"),
        Rule("within-bounds", AGREE, "one amount lies inside the other's bounds"),
        Rule(
            "scope-differs",
            NOT_CONFLICT,
            "they differ in a scope qualifier (when, which part, counted how) or in a "
            "separator of the property's constraint, so they answer different questions",
        ),
        Rule(
            "several-values",
            NOT_CONFLICT,
            "the property takes several values and no single-value constraint is known",
        ),
        Rule(
            "single-value",
            CONFLICT,
            "the property has a single-value or single-best-value constraint "
            "(ontology/constraints.csv) and both values are truthy",
        ),
        Rule(
            "one-value-per-scope",
            CONFLICT,
            "a time or quantity property without a known constraint: one date or count "
            "per scope, and both values are truthy",
        ),
        Rule(
            "resolved-by-rank",
            RESOLVED,
            "a single-valued property with two values, but a preferred statement leaves "
            "only one truthy",
        ),
        Rule(
            "infobox-against-prose",
            CONFLICT,
            "a single-valued property (single-value or one-value-per-scope) whose infobox "
            "row and the prose of the same source give different values at the same scope",
        ),
    )
}


@dataclass(frozen=True)
class Pair:
    """Two statements of a group (0-based indices into the group) and the deciding rule."""

    first: int
    second: int
    rule: str


@dataclass(frozen=True)
class Group:
    subject: str
    pid: str
    claims: tuple[Claim, ...]  # deprecated ones included, for the record
    pairs: tuple[Pair, ...]

    def sources(self, index: int) -> tuple[str, ...]:
        return tuple(sorted({e.source for e in self.claims[index].evidence}))


@dataclass(frozen=True)
class Conflict:
    group: Group
    rule: str
    pairs: tuple[Pair, ...]
    where: tuple[str, ...]
    review: ReviewedConflict | None = None  # seeds/conflicts.toml: reviewed, not a conflict

    @property
    def status(self) -> str:
        """open, resolved by rank, or reviewed: not a conflict (the curator's record)."""
        if self.review is not None:
            return REVIEWED
        return "resolved by rank" if RULES[self.rule].verdict == RESOLVED else OPEN
