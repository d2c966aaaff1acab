"""Fact coverage: the numbers and named entities of cited sentences that no statement carries.

A cited sentence can still hold facts nobody curated. In each cited sentence this finds:

- *numbers written in digits*: `3,665`, `1937`, `13:1`, `99%` (not the digits of a name
  such as `I-16` or `1st`, nor a number glued to letters such as `21px`);
- *named entities*: the English labels and aliases of the curation's entities that are not
  classes or concepts, longest match first (`Republic of China` before `China`).

A fact is *carried* when a statement citing the sentence holds it: a number as a
quantity's amount or bound (also counted in thousands or millions when the sentence says
so), a date's year or day, or inside a string value (stated as, quotation); an entity as
the statement's subject, value, qualifier value or unit. Every other fact is either
declared fact-free in seeds/coverage.toml (a `[[no_fact]]` entry with `fact = "..."`) or
listed as needing curation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from svg_rdf.model import (
    Claim,
    Curation,
    Entity,
    ItemValue,
    MonolingualValue,
    NoFact,
    QuantityValue,
    SourceDocument,
    StringValue,
    TimeValue,
    Value,
)
from svg_rdf.reports.sentences import Sentence

NOT_NAMED = ("class", "concept")  # kinds whose labels are common words, not names
_NUMBER = re.compile(
    r"(?<![\w.,:-])(?<![A-Za-z]-)"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?::\d+|\.\d+)?)"
    r"(?![\w-])"
)
_SCALES = {"thousand": 3, "million": 6, "billion": 9}
CARRIED, DECLARED, MISSING = "carried", "declared", "needs-curation"


@dataclass(frozen=True)
class Fact:
    """A number or entity name in a cited sentence and how the curation accounts for it."""

    sentence: Sentence
    kind: str  # "number" or "entity"
    text: str
    start: int  # code point offset in the source
    status: str
    entity: str | None = None  # the slugs of the entities the name names, for an entity
    reason: str | None = None
    declared_at: str | None = None


def find_facts(
    source: SourceDocument,
    cited: Iterable[Sentence],
    curation: Curation,
    declarations: Iterable[NoFact],
) -> list[Fact]:
    """Every fact of the cited sentences of `source`; raises DataFileError for a fact
    declaration that matches no fact of a cited sentence."""
    names = _names(curation.entities)
    claims = [c for c in curation.claims if any(e.source == source.stem for e in c.evidence)]
    cited = list(cited)
    declared = [d for d in declarations if d.source == source.stem and d.fact is not None]
    used: set[int] = set()
    facts = []
    for sentence in cited:
        citing = [
            c
            for c in claims
            for e in c.evidence
            if e.source == source.stem and e.start < sentence.end and sentence.start < e.end
        ]
        for kind, text, start, slugs in _tokens(sentence, names):
            slug = ", ".join(sorted(slugs)) or None
            if _carried(kind, text, slugs, sentence, citing):
                facts.append(Fact(sentence, kind, text, start, CARRIED, slug))
                continue
            match = next(
                (
                    (n, d)
                    for n, d in enumerate(declared)
                    if d.fact == text and sentence.flat.startswith(d.sentence)
                ),
                None,
            )
            if match is None:
                facts.append(Fact(sentence, kind, text, start, MISSING, slug))
            else:
                used.add(match[0])
                declaration = match[1]
                facts.append(
                    Fact(
                        sentence,
                        kind,
                        text,
                        start,
                        DECLARED,
                        slug,
                        declaration.reason,
                        str(declaration.place),
                    )
                )
    for n, declaration in enumerate(declared):
        if n not in used:
            raise declaration.error(
                f"no cited sentence of {source.filename} starting {declaration.sentence!r} holds "
                f"the uncarried fact {declaration.fact!r}",
                "copy the sentence and the fact from `svg-rdf coverage`, or remove the entry "
                "(a statement may carry the fact now)",
            )
    return facts


def _names(entities: Iterable[Entity]) -> list[tuple[str, frozenset[str]]]:
    """Each name of the named entities with every entity it names, longest name first
    ("China" names the region and two states: any of them carries it)."""
    found: dict[str, set[str]] = {}
    for entity in entities:
        if entity.kind in NOT_NAMED:
            continue
        for _, text in (*entity.labels, *entity.aliases):
            if len(text) >= 3 and any(ch.isupper() for ch in text):
                found.setdefault(text, set()).add(entity.slug)
    return sorted(
        ((name, frozenset(slugs)) for name, slugs in found.items()),
        key=lambda p: (-len(p[0]), p[0]),
    )


def _tokens(
    sentence: Sentence, names: list[tuple[str, frozenset[str]]]
) -> list[tuple[str, str, int, frozenset[str]]]:
    text = sentence.text
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, str, int, frozenset[str]]] = []
    for name, slugs in names:
        if name not in text:  # most names are not in a sentence: no pattern to run
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            span = (match.start(), match.end())
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            found.append(("entity", name, sentence.start + match.start(), slugs))
    for match in _NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue  # a digit inside a name: the name is the fact
        found.append(("number", match["number"], sentence.start + match.start(), frozenset()))
    return sorted(found, key=lambda f: (f[2], f[0], f[1]))


def _carried(
    kind: str, text: str, slugs: frozenset[str], sentence: Sentence, citing: list[Claim]
) -> bool:
    if kind == "entity":
        return any(slugs & _slugs(claim) for claim in citing)
    return any(_holds(value, text, sentence.flat) for claim in citing for value in _values(claim))


def _values(claim: Claim) -> list[Value]:
    return [claim.value, *(q.value for q in claim.qualifiers)]


def _slugs(claim: Claim) -> set[str]:
    found = {claim.subject}
    for value in _values(claim):
        if isinstance(value, ItemValue):
            found.add(value.slug)
        elif isinstance(value, QuantityValue) and value.unit is not None:
            found.add(value.unit)
    return found


def _holds(value: Value, text: str, sentence: str) -> bool:
    if isinstance(value, StringValue | MonolingualValue):
        return text in value.text
    if ":" in text:
        return False
    number = Decimal(text.replace(",", ""))
    if isinstance(value, TimeValue):
        day = value.day if value.precision >= 11 else None
        return number in (value.year, day)
    if isinstance(value, QuantityValue):
        scales = [0, *(power for word, power in _SCALES.items() if word in sentence.lower())]
        amounts = [Decimal(a) for a in (value.amount, value.lower, value.upper) if a is not None]
        # a proportion carries a percentage: 0.99 is "99%"
        if "%" in sentence:
            amounts += [a * 100 for a in amounts]
        return any(a == number.scaleb(power) for a in amounts for power in scales)
    return False
