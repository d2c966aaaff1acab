"""Reviewed conflicts: the entries of seeds/conflicts.toml matched to the conflicts found.

An entry names a conflict by subject, property and values (curation/reviews.py). It
matches a conflict of that subject and property when every value it lists is the value of
a statement the conflict involves and every involved statement's value is listed: a value
as the report shows it (labels.value) or, for an item, its slug. An entry that matches no
conflict is an error at its line, so a review cannot outlive the conflict it answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from svg_rdf.curation.datafile import toml_string
from svg_rdf.errors import DataFileError
from svg_rdf.model import Claim, ItemValue, ReviewedConflict
from svg_rdf.reports.common import Labels
from svg_rdf.reports.conflict_rules import Conflict


def shown(claim: Claim, labels: Labels) -> set[str]:
    """The ways an entry may write the value of `claim`: its label, and an item's slug."""
    names = {labels.value(claim.value)}
    if isinstance(claim.value, ItemValue):
        names.add(claim.value.slug)
    return names


def involved_values(conflict: Conflict, labels: Labels) -> list[set[str]]:
    involved = sorted({i for pair in conflict.pairs for i in (pair.first, pair.second)})
    return [shown(conflict.group.claims[i], labels) for i in involved]


def names(review: ReviewedConflict, conflict: Conflict, labels: Labels) -> bool:
    """Whether `review` names `conflict` (see the module's docstring)."""
    group = conflict.group
    if (review.subject, review.pid) != (group.subject, group.pid):
        return False
    values = involved_values(conflict, labels)
    listed = set(review.values)
    return all(value & listed for value in values) and listed <= set().union(*values)


def match(
    conflicts: Sequence[Conflict], reviews: Iterable[ReviewedConflict], labels: Labels
) -> list[ReviewedConflict | None]:
    """The review of each conflict (None when it has none), in the conflicts' order.

    Raises DataFileError at the first entry that names no conflict, with a fix.
    """
    found: list[ReviewedConflict | None] = [None] * len(conflicts)
    for review in reviews:
        hits = [n for n, conflict in enumerate(conflicts) if names(review, conflict, labels)]
        if not hits:
            raise _unmatched(review, conflicts, labels)
        for n in hits:
            found[n] = found[n] or review
    return found


def _unmatched(
    review: ReviewedConflict, conflicts: Sequence[Conflict], labels: Labels
) -> DataFileError:
    same = [c for c in conflicts if (c.group.subject, c.group.pid) == (review.subject, review.pid)]
    if not same:
        return review.error(
            f"no conflict of {review.subject!r} on {review.pid} is reported",
            "remove the entry (the conflict is gone), or copy subject and property from "
            "output/conflicts.md",
        )
    options = " or ".join(
        "values = [" + ", ".join(toml_string(v) for v in _labels_of(c, labels)) + "]" for c in same
    )
    written = ", ".join(toml_string(v) for v in review.values)
    return review.error(
        f"values [{written}] match no conflict of {review.subject!r} on {review.pid}",
        f"write the values of its statements as output/conflicts.md shows them: {options}",
    )


def _labels_of(conflict: Conflict, labels: Labels) -> list[str]:
    """The distinct values of the statements a conflict involves, as the report shows them."""
    involved = sorted({i for pair in conflict.pairs for i in (pair.first, pair.second)})
    found: list[str] = []
    for i in involved:
        label = labels.value(conflict.group.claims[i].value)
        if label not in found:
            found.append(label)
    return found
