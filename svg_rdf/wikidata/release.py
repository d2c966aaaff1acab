"""What each missing Q-id holds back, and what recording it would release, by simulation.

For every entity that a waiting statement lacks a Q-id for (svg_rdf.wikidata.blockers):
- `waiting`: the waiting statements that list it;
- `releases`: how many more statements the file sends once its Q-id is recorded, found by
  planning again on a copy of the curation where it has a placeholder Q-id. Counting
  cannot get this right: QuickStatements would merge some released statements into others
  (rules.hold_merged), and a statement may wait for other reasons too.

Only entities that are the sole remaining blocker of some statement held by nothing else
are simulated; for every other entity the answer is 0 without planning, since each
statement it blocks keeps a reason that its Q-id does not remove (another missing Q-id, a
local entity, a rank, a conflict, ...) and statements that already go out stay out (a
merge keeps the statement with the most references, so a released one can displace
another but never adds a second). tests/test_wikidata_pending.py simulates every entity and
checks both numbers, and records the top entity's Q-id in a copy of the seeds.

Both pending lists (wikidata-pending.*) and the reconciliation report show these numbers,
from `blocking`, so they agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from svg_rdf.model import Claim, Curation, ItemValue, QuantityValue
from svg_rdf.wikidata.blockers import LOCAL
from svg_rdf.wikidata.statements import Pending, Plan

# Never a Wikidata Q-id (they start at Q1), so it matches no recorded one.
PLACEHOLDER = "Q0"


@dataclass(frozen=True)
class Blocking:
    """An entity without a Q-id that waiting statements need."""

    slug: str
    waiting: int  # waiting statements that list it
    releases: int  # statements that go out once its Q-id is recorded (simulated)


def _missing(pending: Pending) -> set[str]:
    return {slug for r in pending.reasons if r.code == "no-qid" for slug in r.entities}


def blocking(
    curation: Curation,
    result: Plan,
    replan: Callable[[Curation], Plan],
    *,
    waits: Callable[[Curation], int] | None = None,
) -> tuple[Blocking, ...]:
    """Every entity that waiting statements lack a Q-id for, most released first (then
    most waiting, then slug). `replan` plans a curation with the same settings; `waits`,
    when given, is `len(replan(changed).pending)` found a quicker way."""
    waiting: Counter[str] = Counter()
    sole: set[str] = set()
    for item in result.pending:
        missing = _missing(item)
        waiting.update(missing)
        if len(missing) == 1 and all(r.code == "no-qid" for r in item.reasons):
            sole |= missing
    mentions: dict[str, set[str]] = {}  # slug -> subjects of the claims that mention it
    for claim in curation.claims:
        for slug in mentioned(claim):
            mentions.setdefault(slug, set()).add(claim.subject)
    rows = [
        Blocking(
            slug,
            count,
            simulate(
                curation, result, slug, replan, subjects=mentions.get(slug, set()), waits=waits
            )
            if slug in sole
            else 0,
        )
        for slug, count in waiting.items()
    ]
    return tuple(sorted(rows, key=lambda b: (-b.releases, -b.waiting, b.slug)))


def simulate(
    curation: Curation,
    result: Plan,
    slug: str,
    replan: Callable[[Curation], Plan],
    *,
    subjects: set[str] | None = None,
    waits: Callable[[Curation], int] | None = None,
) -> int:
    """How many more statements go out when `slug` has a Q-id: plan again and compare.

    The new plan covers only the claims about subjects of a claim that mentions `slug`: a
    claim's fate depends on its own values and on the other claims of its subject (conflicts
    and merges are per subject, an item is created from its subject's claims), so no other
    claim can change. That keeps it fast enough to run for every entity in every build.
    `subjects` are those subjects, when the caller has found them; `waits` counts the
    new plan's waiting statements instead of `replan` (see `blocking`).
    """
    if subjects is None:
        subjects = {c.subject for c in curation.claims if slug in mentioned(c)}
    claims = tuple(c for c in curation.claims if c.subject in subjects)
    entities = tuple(
        replace(e, qid=PLACEHOLDER, wikidata=None, wikidata_checked=None, wikidata_note=None)
        if e.slug == slug
        else e
        for e in curation.entities
    )
    before = sum(1 for p in result.pending if p.claim.subject in subjects)
    changed = replace(curation, entities=entities, claims=claims)
    after = len(replan(changed).pending) if waits is None else waits(changed)
    return before - after


def mentioned(claim: Claim) -> set[str]:
    """The entities a claim's statement is written with: subject, values and units."""
    slugs = {claim.subject}
    for value in (claim.value, *(q.value for q in claim.qualifiers)):
        if isinstance(value, ItemValue):
            slugs.add(value.slug)
        elif isinstance(value, QuantityValue) and value.unit is not None:
            slugs.add(value.unit)
    return slugs


def local_counts(result: Plan) -> dict[str, int]:
    """Waiting statements per local entity they need (`wikidata = "local"`)."""
    counts: Counter[str] = Counter(
        slug
        for item in result.pending
        for r in item.reasons
        if r.code == LOCAL
        for slug in r.entities
    )
    return dict(sorted(counts.items()))
