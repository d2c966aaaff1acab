"""Site, shared: the curation indexed the way the pages read it (by subject, value, source).

Every order here is a sorted order, so pages never depend on input order or hashing.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from svg_rdf.graph.ids import content_hash
from svg_rdf.model import (
    Claim,
    Curation,
    Entity,
    Evidence,
    ItemValue,
    MonolingualValue,
    QuantityValue,
    SourceDocument,
    TimeValue,
    Value,
)
from svg_rdf.reports.common import line_at
from svg_rdf.reports.conflicts import Conflict, find_conflicts
from svg_rdf.site.numbers import bounds_text, date_text, grouped

_RANK_ORDER = {"preferred": 0, "normal": 1, "deprecated": 2}


def pid_order(pid: str) -> tuple[int, str]:
    """P31 (instance of) first, then by number, as Wikidata's pages read."""
    digits = pid[1:]
    return (int(digits) if digits.isdigit() else 1 << 30, pid)


def statement_id(claim: Claim) -> str:
    """The statement's content hash: its IRI's last segment and its anchor on the page."""
    return _hashed(claim.key())


def reference_id(evidence: Evidence) -> str:
    """The reference's content hash: its IRI's last segment and its anchor in the source."""
    return _hashed(evidence.key())


@functools.lru_cache(maxsize=16384)
def _hashed(key: tuple[object, ...]) -> str:
    # the pages ask for the same ~1,000 ids about 4,000 times; the keys hold strings and
    # ints only, so equal keys are the same JSON and have the same hash
    return content_hash(key)


def claim_order(claim: Claim) -> tuple[object, ...]:
    return (
        pid_order(claim.pid),
        _RANK_ORDER[claim.rank],
        claim.value.key(),
        sorted(q.key() for q in claim.qualifiers),
    )


@dataclass
class SiteData:
    """The curation, indexed once for all pages."""

    curation: Curation
    entities: dict[str, Entity] = field(init=False)
    sources: dict[str, SourceDocument] = field(init=False)
    property_labels: dict[str, str] = field(init=False)
    outgoing: dict[str, list[Claim]] = field(init=False)
    incoming: dict[str, list[Claim]] = field(init=False)
    conflicts: list[Conflict] = field(init=False)
    conflict_of: dict[tuple[str, str], list[int]] = field(init=False)  # 1-based numbers
    citing: dict[str, dict[str, Evidence]] = field(init=False)  # source -> ref id -> evidence
    cited_by: dict[str, list[Claim]] = field(init=False)  # ref id -> claims

    def __post_init__(self) -> None:
        curation = self.curation
        self.entities = {entity.slug: entity for entity in curation.entities}
        self.sources = {source.stem: source for source in curation.sources}
        self.property_labels = {prop.pid: prop.label for prop in curation.properties}
        self.outgoing = defaultdict(list)
        self.incoming = defaultdict(list)
        self.citing = defaultdict(dict)
        self.cited_by = defaultdict(list)
        for claim in sorted(curation.claims, key=lambda c: (c.subject, claim_order(c))):
            self.outgoing[claim.subject].append(claim)
            targets = [claim.value, *(q.value for q in claim.qualifiers)]
            for slug in sorted({v.slug for v in targets if isinstance(v, ItemValue)}):
                if slug != claim.subject:
                    self.incoming[slug].append(claim)
            for evidence in claim.evidence:
                ref = reference_id(evidence)
                self.citing[evidence.source][ref] = evidence
                self.cited_by[ref].append(claim)
        self.conflicts = find_conflicts(curation)
        self.conflict_of = defaultdict(list)
        for number, conflict in enumerate(self.conflicts, 1):
            self.conflict_of[(conflict.group.subject, conflict.group.pid)].append(number)

    # -- words -----------------------------------------------------------------------
    def label(self, slug: str) -> str:
        entity = self.entities.get(slug)
        return entity.label if entity else slug

    def property_label(self, pid: str) -> str:
        return self.property_labels.get(pid, pid)

    def line(self, evidence: Evidence) -> int:
        source = self.sources.get(evidence.source)
        return line_at(source.text, evidence.start) if source else 0

    def source_title(self, stem: str) -> str:
        source = self.sources.get(stem)
        return source.title if source else stem

    def summary(self, claim: Claim) -> str:
        """`Lev Shuster — date of death: 1938-…` as plain text."""
        return (
            f"{self.label(claim.subject)} — {self.property_label(claim.pid)}: "
            f"{self.value_text(claim.value)}"
        )

    def value_text(self, value: Value) -> str:
        if isinstance(value, ItemValue):
            return self.label(value.slug)
        if isinstance(value, MonolingualValue):
            return value.text
        if isinstance(value, TimeValue):
            return date_text(value)
        if isinstance(value, QuantityValue):
            unit = f" {self.label(value.unit)}" if value.unit else ""
            bounds = bounds_text(value)
            return f"{grouped(value.amount)}{unit}{f' ({bounds})' if bounds else ''}"
        return value.display()
