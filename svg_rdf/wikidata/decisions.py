"""QuickStatements plan, across builds: each statement's decision taken from the last build.

A statement's decision (its line, or the reasons it waits) is a function of the claim, the
settings, every source and the entities the claim is written with (release.mentioned):
the plan's `known` table already shares it by the identity of these within one batch.
`Decisions` keeps it by their content (the hash of each one's pickle) in a memo of the
project's previous build (cache.Memo), so a rebuild after one edit decides again only
the statements whose inputs changed, the blocker simulations' statements included.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, replace

from svg_rdf.cache import Memo
from svg_rdf.model import Claim, Curation, Entity, SourceDocument
from svg_rdf.wikidata import release
from svg_rdf.wikidata.statements import QsStatement
from svg_rdf.wikidata.syntax import Refusal
from svg_rdf.wikidata_settings import QsSettings

Decision = tuple[QsStatement | None, tuple[Refusal, ...]]
Decide = Callable[
    [Claim, Mapping[str, Entity], Mapping[str, SourceDocument], QsSettings, list[Refusal]],
    QsStatement | None,
]

# One batch's statements already decided (`plan(known=...)`), by the identity of all that
# decides one: the claim, the settings, the sources and the entities it is written with.
# Each entry holds those objects, so their ids stay theirs while the table lives.
Known = dict[tuple[int, ...], tuple[tuple[object, ...], "QsStatement | None", tuple[Refusal, ...]]]


class Decisions:
    """A memo of statement decisions by the content of what decides each one, and of the
    blocker simulations' counts when `compared` names what the comparison with Wikidata
    reads besides the plan (None: unknown, so simulations are not kept)."""

    def __init__(self, memo: Memo, compared: Sequence[object] | None = None) -> None:
        self.memo = memo
        self.compared = compared
        # id -> (the object, the hash of its pickle): each object hashed once a build,
        # held so that its id stays its own
        self._digests: dict[int, tuple[object, bytes]] = {}
        self._tuples: dict[int, tuple[tuple[object, ...], bytes]] = {}  # the same, for tuples

    def _digest(self, part: object) -> bytes:
        found = self._digests.get(id(part))
        if found is not None and found[0] is part:
            return found[1]
        digest = hashlib.sha256(pickle.dumps(part, protocol=5)).digest()
        self._digests[id(part)] = (part, digest)
        return digest

    def _elements(self, items: tuple[object, ...]) -> bytes:
        """The hash of a tuple's elements' hashes: a field the simulations share (the
        sources, the properties...) is the same tuple each time, hashed once."""
        found = self._tuples.get(id(items))
        if found is not None and found[0] is items:
            return found[1]
        digest = hashlib.sha256(b"".join(self._digest(item) for item in items)).digest()
        self._tuples[id(items)] = (items, digest)
        return digest

    def recall(self, read: Sequence[object], compute: Callable[[], Decision]) -> Decision:
        """`compute()`, or the decision stored for inputs of the same content as `read`
        (the claim, the settings, the sources, the entities it mentions)."""
        # fixed-size digests, so the joined bytes name the parts unambiguously
        inputs = b"".join(self._digest(part) for part in read)
        found = self.memo.recall(inputs, tuple, compute)
        if _is_decision(found):
            return found
        return compute()

    def waits(self, changed: Curation, settings: QsSettings, compute: Callable[[], int]) -> int:
        """`compute()` (how many statements of `changed`'s plan, compared, wait), or the
        count stored for a curation of the same content (every field, element by element),
        the same settings and the same comparison inputs. Only with `compared` known."""
        assert self.compared is not None, "the comparison's inputs are unknown"
        parts = [b"waits", self._digest(settings)]
        for name in (f.name for f in fields(changed)):
            parts.append(name.encode())
            parts.append(self._elements(getattr(changed, name)))
        parts.append(self._elements(tuple(self.compared)))
        found = self.memo.recall(b"\n".join(parts), int, compute)
        return found if type(found) is int else compute()


def _is_decision(value: tuple[object, ...]) -> bool:
    if len(value) != 2:
        return False
    statement, reasons = value
    return (
        (statement is None or isinstance(statement, QsStatement))
        and isinstance(reasons, tuple)
        and all(isinstance(reason, Refusal) for reason in reasons)
    )


def recalled(
    claim: Claim,
    entities: Mapping[str, Entity],
    sources: Mapping[str, SourceDocument],
    settings: QsSettings,
    reasons: list[Refusal],
    known: Known | None,
    decided: Decisions | None,
    decide: Decide,
) -> QsStatement | None:
    """`decide(claim, entities, sources, settings, reasons)` (the plan's decision of one
    statement), taken from `known` when decided before from the same objects, else from
    `decided` when decided from objects of the same content."""
    if known is None:
        return decide(claim, entities, sources, settings, reasons)
    read = (
        claim,
        settings,
        *sorted(sources.values(), key=lambda s: s.stem),
        *(entities.get(slug) for slug in sorted(release.mentioned(claim))),
    )
    key = tuple(id(part) for part in read)
    found = known.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], read, strict=True)):
        reasons.extend(found[2])
        return found[1]

    def decision() -> Decision:
        refused: list[Refusal] = []
        return decide(claim, entities, sources, settings, refused), tuple(refused)

    statement, refusals = decision() if decided is None else decided.recall(read, decision)
    if statement is not None and statement.claim is not claim:  # the last build's copy
        statement = replace(statement, claim=claim)
    known[key] = (read, statement, refusals)
    reasons.extend(refusals)
    return statement
