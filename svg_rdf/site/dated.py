"""Site, shared: the dates a statement gives — by its value (a time-valued property) or
by a time-valued qualifier — read alike by the timeline page and the entity's picture.

Every date counts, whatever its property, so nothing here names our own data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from svg_rdf.model import Claim, TimeValue
from svg_rdf.reports.conflicts import SCOPE_QUALIFIERS
from svg_rdf.site.data import pid_order


@dataclass(frozen=True)
class Dated:
    """One date one statement gives: by its value (`via` None) or by a qualifier `via`."""

    claim: Claim
    date: TimeValue
    via: str | None

    def thing(self) -> tuple[object, ...]:
        """What is dated: the same for two statements that date the same thing."""
        claim = self.claim
        others = sorted(
            q.key()
            for q in claim.qualifiers
            if q.pid in SCOPE_QUALIFIERS and not isinstance(q.value, TimeValue)
        )
        value = None if self.via is None else claim.value.key()
        return (claim.subject, claim.pid, value, self.via, others)


def dated_statements(claims: Iterable[Claim]) -> list[Dated]:
    """Every date in `claims`: time values, then time-valued qualifiers."""
    out = []
    for claim in claims:
        if isinstance(claim.value, TimeValue):
            out.append(Dated(claim, claim.value, None))
        for qualifier in sorted(claim.qualifiers, key=lambda q: (pid_order(q.pid), q.key())):
            if isinstance(qualifier.value, TimeValue):
                out.append(Dated(claim, qualifier.value, qualifier.pid))
    return out
