"""Wikidata plan rules over several claims: conflicting values wait; merged duplicates wait.

- Conflicts: a property is single-valued when its datatype is time or quantity or it is
  listed in `single_valued`. Claims of one subject and such a property whose scope
  qualifiers (`scope_qualifiers`: when, where, which part, how counted) are equal but
  whose values differ conflict: none of them is sent, whatever its rank, since Wikidata
  would show every unranked value as true. Each waits listing every value with its
  sources and places, until someone adds them by hand with ranks.
- Merges: QuickStatements finds an existing statement by property and value (a
  quantity's amount alone), so two of our statements with the same subject, property and
  value would become one: the one with most references (then the first) goes out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from svg_rdf.model import Claim, QuantityValue, SourceDocument
from svg_rdf.wikidata.statements import QsStatement
from svg_rdf.wikidata.syntax import Refusal
from svg_rdf.wikidata_settings import QsSettings

SINGLE_VALUED_DATATYPES = ("time", "quantity")


def hold_conflicts(
    claims: Sequence[Claim],
    datatypes: Mapping[str, str],
    settings: QsSettings,
    candidates: dict[int, QsStatement],
    reasons: dict[int, list[Refusal]],
    sources: Mapping[str, SourceDocument],
) -> None:
    """Every claim of a conflict waits (taken out of `candidates`), with the values listed."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        single = (
            datatypes.get(claim.pid) in SINGLE_VALUED_DATATYPES
            or claim.pid in settings.single_valued
        )
        if not single:
            continue
        scope = tuple(
            sorted(q.key() for q in claim.qualifiers if q.pid in settings.scope_qualifiers)
        )
        groups[(claim.subject, claim.pid, scope)].append(index)
    for members in groups.values():
        values = {claims[i].value.key() for i in members}
        if len(values) < 2:
            continue
        listed = "; ".join(_listing(claims[i], sources) for i in members)
        for index in members:
            reasons[index].append(
                Refusal(
                    "conflict",
                    f"{len(values)} values of {claims[index].pid} for {claims[index].subject} "
                    f"at one scope: {listed}; none is sent unranked, add them by hand with "
                    "ranks (or curate what tells them apart)",
                )
            )
            candidates.pop(index, None)


def _listing(claim: Claim, sources: Mapping[str, SourceDocument]) -> str:
    stems = sorted({e.source for e in claim.evidence})
    named = ", ".join(sources[s].filename for s in stems)
    rank = "" if claim.rank == "normal" else f", {claim.rank}"
    return f"{claim.value.display()} ({named}{rank}; {claim.places[0]})"


def match_token(statement: QsStatement) -> str:
    """What QuickStatements compares to find an existing statement: the value as written,
    but only the amount of a quantity (compared as a number)."""
    value = statement.claim.value
    if isinstance(value, QuantityValue):
        return "quantity:" + format(Decimal(value.amount).normalize(), "f")
    return statement.value


def hold_merged(candidates: dict[int, QsStatement], reasons: dict[int, list[Refusal]]) -> None:
    """Of statements QuickStatements would merge, the one with most references goes out."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index in sorted(candidates):
        statement = candidates[index]
        groups[(statement.claim.subject, statement.claim.pid, match_token(statement))].append(index)
    for members in groups.values():
        if len(members) < 2:
            continue
        winner = min(members, key=lambda i: (-len(candidates[i].references), i))
        kept = candidates[winner].claim
        for index in members:
            if index == winner:
                continue
            reasons[index].append(
                Refusal(
                    "same-value",
                    "QuickStatements finds statements by property and value, so it would merge "
                    f"this one into {describe(kept)} ({kept.places[0]}), which goes out; add "
                    "this one by hand as a separate statement",
                )
            )
            del candidates[index]


def describe(claim: Claim) -> str:
    """`subject P123 value (P585 1937-10, ...)` for people reading a list."""
    text = f"{claim.subject} {claim.pid} {claim.value.display()}"
    if claim.qualifiers:
        text += " (" + ", ".join(f"{q.pid} {q.value.display()}" for q in claim.qualifiers) + ")"
    return text
