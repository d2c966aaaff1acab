"""Wikidata's property constraints applied to the planned statements, like OpenRefine's
issues panel.

Each planned statement (subject, property, value, qualifiers, unit) is checked against
Wikidata's constraints of its property (ontology/wikidata-constraints.csv, read by
curation/wikidata_constraints.py): single value (with separators), single best value,
required qualifier, allowed qualifiers, value type, subject type, allowed units, range,
format, conflicts-with and item-requires-statement. A violation names the constraint
type with its Q-id and where the constraint was read.

What the build cannot know is said, not guessed: an entity's classes are its P31 values
that have a Q-id and its kind's classes (seeds/dataset.toml [kinds]: a kind counts as its
P31), and their P279 among our entities; a class check with none of those,
or with classes not known to lie under the wanted one, is "could not check", never a
violation. Conflicts-with looks only at our own statements; item-requires-statement
is "could not check" on an existing item (Wikidata's item may have it).

In the plan: a violation of a mandatory constraint holds the statement (a Refusal
"constraint"); any other is listed as a suggestion and the line still goes out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from svg_rdf.curation.wikidata_constraints import NONE
from svg_rdf.model import (
    Claim,
    Curation,
    ItemValue,
    QuantityValue,
    StringValue,
    UrlValue,
    WikidataConstraint,
)
from svg_rdf.wikidata.statements import QsStatement, Suggestion, Violation
from svg_rdf.wikidata.syntax import Refusal

INSTANCE_OF = "P31"
SUBCLASS_OF = "P279"
# the constraint types `check` implements; any other row (contemporary) is named as not
# checked in the pending report, never passed silently
CHECKED = frozenset(
    {
        "single-value",
        "single-best-value",
        "required-qualifier",
        "allowed-qualifiers",
        "value-type",
        "subject-type",
        "allowed-units",
        "range",
        "format",
        "conflicts-with",
        "item-requires-statement",
    }
)


@dataclass(frozen=True)
class Planned:
    """A statement as the checker sees it (Q-ids where known, None where not)."""

    subject: str  # the subject's slug
    pid: str
    value: str | None  # the value's Q-id (items), or None
    text: str | None  # a string or URL value, for format
    amount: Decimal | None  # a quantity's amount, for range
    unit: str | None  # a quantity's unit Q-id; None is no unit
    unit_known: bool  # False: the unit is an entity without a Q-id
    qualifiers: tuple[tuple[str, str], ...]  # (pid, value key) pairs
    # the value itself (Claim.value.key()): what single value compares, so two dates, two
    # monolingual texts or two items without a Q-id are two values
    key: tuple[str, ...]


@dataclass(frozen=True)
class Known:
    """What the build knows of entities: Q-ids, classes, our own statements."""

    qids: Mapping[str, str | None]  # slug -> Q-id
    instance_of: Mapping[str, frozenset[str]]  # slug -> P31 Q-ids
    subclass_of: Mapping[str, frozenset[str]]  # slug -> P279 Q-ids
    parents: Mapping[str, frozenset[str]]  # class Q-id -> its P279 Q-ids (ours)
    statements: Mapping[str, frozenset[tuple[str, str | None]]]  # slug -> (pid, value Q-id)

    @classmethod
    def of(cls, curation: Curation) -> Known:
        qids = {e.slug: e.qid for e in curation.entities}
        instance: dict[str, set[str]] = defaultdict(set)
        subclass: dict[str, set[str]] = defaultdict(set)
        statements: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
        kinds = dict(curation.kinds)
        for entity in curation.entities:  # a kind counts as the entity's P31
            instance[entity.slug].update(kinds.get(entity.kind, ()))
        for claim in curation.claims:
            value = qids.get(claim.value.slug) if isinstance(claim.value, ItemValue) else None
            statements[claim.subject].add((claim.pid, value))
            if value is not None and claim.pid == INSTANCE_OF:
                instance[claim.subject].add(value)
            if value is not None and claim.pid == SUBCLASS_OF:
                subclass[claim.subject].add(value)
        parents: dict[str, set[str]] = defaultdict(set)
        for slug, supers in subclass.items():
            if (qid := qids.get(slug)) is not None:
                parents[qid] |= supers
        return cls(
            qids,
            {k: frozenset(v) for k, v in instance.items() if v},
            {k: frozenset(v) for k, v in subclass.items()},
            {k: frozenset(v) for k, v in parents.items()},
            {k: frozenset(v) for k, v in statements.items()},
        )

    def above(self, classes: Iterable[str]) -> set[str]:
        """The classes and every class above them through our P279 statements."""
        seen: set[str] = set()
        todo = list(classes)
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, ()))
        return seen


def planned(claim: Claim, known: Known) -> Planned:
    value = claim.value
    unit = value.unit if isinstance(value, QuantityValue) else None
    unit_qid = known.qids.get(unit) if unit is not None else None
    return Planned(
        subject=claim.subject,
        pid=claim.pid,
        value=known.qids.get(value.slug) if isinstance(value, ItemValue) else None,
        text=value.text
        if isinstance(value, StringValue)
        else value.url
        if isinstance(value, UrlValue)
        else None,
        amount=Decimal(value.amount) if isinstance(value, QuantityValue) else None,
        unit=unit_qid,
        unit_known=unit is None or unit_qid is not None,
        qualifiers=tuple((q.pid, "|".join(q.value.key())) for q in claim.qualifiers),
        key=value.key(),
    )


def check(
    statement: Planned,
    constraints: Sequence[WikidataConstraint],
    known: Known,
    siblings: Sequence[Planned] = (),
) -> list[Violation]:
    """The violations of `statement`; `siblings` are the other planned statements of its
    subject and property (for single value)."""
    found: list[Violation] = []
    subject_qid = known.qids.get(statement.subject)
    for constraint in constraints:
        if constraint.pid != statement.pid:
            continue
        if subject_qid is not None and subject_qid in constraint.exceptions:
            continue
        found += _check_one(constraint, statement, known, siblings)
    return found


def _check_one(
    c: WikidataConstraint, s: Planned, known: Known, siblings: Sequence[Planned]
) -> list[Violation]:
    p = c.parameters
    qualifiers = {pid for pid, _ in s.qualifiers}
    if c.kind in ("single-value", "single-best-value"):
        mine = {(pid, v) for pid, v in s.qualifiers if pid in p}
        others = [
            o
            for o in siblings
            if o is not s
            and o.key != s.key
            and {(pid, v) for pid, v in o.qualifiers if pid in p} == mine
        ]
        if others:
            apart = f" and no separator ({' '.join(p)}) tells them apart" if p else ""
            return [Violation(c, f"{len(others) + 1} values for one item{apart}")]
    elif c.kind == "required-qualifier":
        missing = [q for q in p if q not in qualifiers]
        if missing:
            return [Violation(c, f"needs the qualifier {' '.join(missing)}")]
    elif c.kind == "allowed-qualifiers":
        allowed = set() if p == (NONE,) else set(p)
        extra = sorted(qualifiers - allowed, key=lambda q: int(q[1:]))
        if extra:
            return [Violation(c, f"qualifier {' '.join(extra)} is not allowed")]
    elif c.kind in ("value-type", "subject-type"):
        return _type(c, s, known)
    elif c.kind == "allowed-units" and s.amount is not None:
        if not s.unit_known:
            return [Violation(c, "the unit has no Q-id", checked=False)]
        if p == (NONE,):
            if s.unit is not None:
                return [Violation(c, f"takes no unit, not {s.unit}")]
        elif s.unit not in p:
            return [Violation(c, f"unit {s.unit or 'none'} is not one of {' '.join(p)}")]
    elif c.kind == "range" and s.amount is not None:
        low, high = (None if x == "-" else Decimal(x) for x in p)
        if (low is not None and s.amount < low) or (high is not None and s.amount > high):
            return [Violation(c, f"{s.amount} lies outside {p[0]}..{p[1]}")]
    elif c.kind == "format" and s.text is not None:
        if not re.fullmatch(p[0], s.text):
            return [Violation(c, f"{s.text!r} does not match {p[0]}")]
    elif c.kind in ("conflicts-with", "item-requires-statement"):
        return _statement_rule(c, s, known)
    return []


def _type(c: WikidataConstraint, s: Planned, known: Known) -> list[Violation]:
    relation, wanted = c.parameters[0], set(c.parameters[1:])
    slug = s.subject if c.kind == "subject-type" else _slug_of(s.value, known)
    what = "the subject" if c.kind == "subject-type" else "the value"
    if slug is None:
        return [Violation(c, f"{what} has no Q-id, so its classes are unknown", checked=False)]
    classes: set[str] = set()
    if relation in ("instance", "instance-or-subclass"):
        classes |= known.instance_of.get(slug, frozenset())
    if relation in ("subclass", "instance-or-subclass"):
        classes |= known.subclass_of.get(slug, frozenset())
        if (own := known.qids.get(slug)) is not None:
            classes.add(own)
    if known.above(classes) & wanted:
        return []
    have = " ".join(sorted(classes)) or "no class with a Q-id"
    return [
        Violation(
            c,
            f"{what} ({have}) is not known to be {relation.replace('-', ' ')} of "
            f"{' '.join(sorted(wanted))}",
            checked=False,
        )
    ]


def _slug_of(qid: str | None, known: Known) -> str | None:
    if qid is None:
        return None
    return next((slug for slug, q in sorted(known.qids.items()) if q == qid), None)


def _statement_rule(c: WikidataConstraint, s: Planned, known: Known) -> list[Violation]:
    pid, values = c.parameters[0], set(c.parameters[1:])
    have = known.statements.get(s.subject, frozenset())
    hit = any(p == pid and (not values or v in values) for p, v in have)
    named = pid + (f" = {' '.join(sorted(values))}" if values else "")
    if c.kind == "conflicts-with":
        return [Violation(c, f"the item also has {named}")] if hit else []
    if hit:
        return []
    if known.qids.get(s.subject) is not None:
        return [Violation(c, f"needs {named} on the item; ours has none", checked=False)]
    return [Violation(c, f"needs {named} on the item, and the item is created without it")]


def not_checked(
    constraints: Iterable[WikidataConstraint], pids: Iterable[str]
) -> list[WikidataConstraint]:
    """The constraints of `pids` whose type the checker does not implement (contemporary),
    sorted by property: read, but never applied to a line."""
    wanted = set(pids)
    return [
        c for c in constraints if c.pid in wanted and c.kind != "unknown" and c.kind not in CHECKED
    ]


def hold_violations(
    curation: Curation,
    candidates: dict[int, QsStatement],
    reasons: dict[int, list[Refusal]],
) -> tuple[Suggestion, ...]:
    """Hold each candidate breaking a mandatory constraint; list the other violations."""
    table = curation.wikidata_constraints
    if not table:
        return ()
    known = Known.of(curation)
    mine = {i: planned(candidates[i].claim, known) for i in sorted(candidates)}
    groups: dict[tuple[str, str], list[Planned]] = defaultdict(list)
    for statement in mine.values():
        groups[(statement.subject, statement.pid)].append(statement)
    suggestions: list[Suggestion] = []
    for index, statement in mine.items():
        siblings = groups[(statement.subject, statement.pid)]
        violations = check(statement, table, known, siblings)
        held = [v for v in violations if v.checked and v.constraint.mandatory]
        for violation in held:
            reasons[index].append(Refusal("constraint", violation.text()))
        if held:
            del candidates[index]
            continue
        claim = candidates[index].claim
        suggestions += [Suggestion(claim, v) for v in violations]
    return tuple(suggestions)
