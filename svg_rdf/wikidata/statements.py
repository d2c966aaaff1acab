"""QuickStatements plan, its data: the statements that go out, those that wait, and the
Wikidata constraints they break (svg_rdf.wikidata.plan decides them; rules.py,
constraints.py, release.py and pending.py read them without importing the planner).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from svg_rdf.curation.wikidata_constraints import UNRECORDED
from svg_rdf.model import Claim, Entity, SourceDocument, WikidataConstraint
from svg_rdf.wikidata.references import ReferenceGroup
from svg_rdf.wikidata.summaries import verified_summary
from svg_rdf.wikidata.syntax import Refusal

_URL = re.compile(r"https?://\S+?(?=[\s)'\"]|$)")


@dataclass(frozen=True)
class Violation:
    """One constraint a statement breaks, or could not be checked against."""

    constraint: WikidataConstraint
    message: str
    checked: bool = True

    def text(self) -> str:
        c = self.constraint
        found = _URL.search(c.evidence)
        where = f"{found.group(0)}, " if found else ""
        if not self.checked:
            head = "could not check"
        elif c.status == UNRECORDED:
            head = "status not recorded (listed, never held)"
        else:
            head = f"{c.status} constraint"
        return (
            f"{head}: {c.kind} constraint ({c.qid}) of {c.pid}: {self.message} "
            f"(read at {where}{c.place})"
        )


@dataclass(frozen=True)
class Suggestion:
    """A non-mandatory constraint a statement that goes out breaks, or could not be
    checked against."""

    claim: Claim
    violation: Violation


@dataclass(frozen=True)
class QsStatement:
    """A claim as it goes out: one line, or one line per reference on an existing item."""

    claim: Claim
    subject: str  # a Q-id, or LAST for an item this file creates
    value: str
    qualifiers: tuple[tuple[str, str], ...]
    references: tuple[ReferenceGroup, ...]
    summary: str  # when a line carries no reference
    titles: tuple[tuple[str, str], ...] = ()  # (source stem, title) of its references

    def lines(
        self, *, references: Sequence[ReferenceGroup] | None = None, qualifiers: bool = True
    ) -> list[str]:
        """The TAB-separated lines; the diff writes some with only some references."""
        groups = list(self.references if references is None else references)
        head = [self.subject, self.claim.pid, self.value]
        first = head + [c for pair in (self.qualifiers if qualifiers else ()) for c in pair]
        if self.subject == "LAST":  # compressed into the CREATE: !S keeps references apart
            for number, group in enumerate(groups):
                first += _snak_columns(group, bang=number > 0)
            return [self._line(first, groups)]
        if not groups:
            return [self._line(first, groups)]
        out = [self._line(first + _snak_columns(groups[0], bang=False), groups[:1])]
        out += [self._line(head + _snak_columns(g, bang=False), [g]) for g in groups[1:]]
        return out

    def _line(self, columns: list[str], groups: Sequence[ReferenceGroup]) -> str:
        titles = dict(self.titles)
        named = [titles[s] for g in groups for s in g.sources if s in titles]
        text = verified_summary(named) if named else self.summary
        return "\t".join(columns) + f" /* {text} */"


def _snak_columns(group: ReferenceGroup, *, bang: bool) -> list[str]:
    columns: list[str] = []
    for position, snak in enumerate(group.snaks):
        columns += [f"{'!' if bang and not position else ''}S{snak.pid[1:]}", snak.token]
    return columns


@dataclass(frozen=True)
class Block:
    """The lines about one subject: created first (CREATE, terms) when it has no Q-id."""

    entity: Entity
    terms: tuple[str, ...]  # the LAST label, description and alias lines of a new item
    statements: tuple[QsStatement, ...]

    @property
    def created(self) -> bool:
        return self.entity.qid is None


@dataclass(frozen=True)
class Pending:
    """A claim that stays out of the file, with every reason."""

    claim: Claim
    reasons: tuple[Refusal, ...]


@dataclass(frozen=True)
class Plan:
    """What the file holds, in file order, and what waits."""

    blocks: tuple[Block, ...]
    pending: tuple[Pending, ...]
    claims: int
    weak_sources: tuple[tuple[SourceDocument, tuple[str, ...]], ...] = ()
    suggestions: tuple[Suggestion, ...] = ()  # Wikidata constraints broken, not mandatory

    @property
    def statements(self) -> tuple[QsStatement, ...]:
        return tuple(s for block in self.blocks for s in block.statements)
