"""Wikidata references: one source's evidence for a claim -> the reference snaks sent with it.

Policy (docs/wikidata.md, "References"):
- A reference names its source: `P248` (stated in) with the source work's Q-id, `P143`
  (imported from Wikimedia project) for a Wikipedia text, with `P4656` (Wikimedia import
  URL) set to its permalink or URL; for another source `P854` (reference URL); then `P813`
  (retrieved) with the retrieval date. A source naming none of these cannot be cited.
- Then at most one `P1683` quotation per distinct quote: a short clean fragment of the
  sentence carrying the value, within `quote_limit` characters (Wikidata is CC0 and the
  sources are CC BY-SA, so a quotation carries only the words that state the fact).
- Evidence in lines the registry marks `not_article` (a mirror's site header and its
  glossary of linked articles) is no evidence of the work: that source gives no
  reference. A quote that is not a clean fragment (cut mid-sentence so it starts with a
  comma, a link rendered twice, a space before a comma, a line break inside) is not sent;
  the reference still goes, without it.
- A quote that is only the value's own name (its label or an alias, or that plus words
  of no letter or digit, such as an infobox caption "Republic of China" for allegiance =
  Republic of China) verifies nothing: it is not sent, a source whose every quote in the
  article is such a name gives no reference (as for evidence outside the article), and a
  statement no source verifies then waits (`weak-quote`) until a quote states the relation.
- References that name their source alike (the same naming snaks: two copies of one
  Wikipedia article with no permalink) are one reference carrying the quotes of both,
  so no two lines of the batch are the same.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from svg_rdf.model import Claim, Entity, Evidence, ItemValue, SourceDocument
from svg_rdf.wikidata.syntax import Refusal, fit_quote, monolingual_token, string_token, value_forms

IDENTIFYING = ("P248", "P143", "P4656", "P854")  # the snaks that name the source
QUOTATION = "P1683"
RETRIEVED = "P813"
REFERENCE_PROPERTIES = (*IDENTIFYING, RETRIEVED, QUOTATION)
_DOUBLED = re.compile(r"\b(\w{3,})\s+\1\b")
_SPACED = re.compile(r"\s[,.;:!?)]")


@dataclass(frozen=True)
class Snak:
    """One reference snak: property, token as written, and the plain value it carries."""

    pid: str
    token: str
    plain: str


@dataclass(frozen=True)
class ReferenceGroup:
    """The reference one source gives a statement: the snaks naming it, then quotations."""

    source: str
    snaks: tuple[Snak, ...]
    also: tuple[str, ...] = ()  # the other sources merged into it (they name it alike)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source whose evidence this reference carries, first the one it is named by."""
        return (self.source, *self.also)

    def naming(self) -> tuple[Snak, ...]:
        return tuple(s for s in self.snaks if s.pid != QUOTATION)

    def identity(self) -> frozenset[tuple[str, str]]:
        return frozenset((s.pid, s.plain) for s in self.snaks if s.pid in IDENTIFYING)


def naming_snaks(source: SourceDocument) -> tuple[Snak, ...] | Refusal:
    """The snaks that name `source` (stated in, imported from, URL, retrieved)."""
    snaks: list[Snak] = []
    if source.qid is not None:
        snaks.append(Snak("P248", source.qid, source.qid))
    if source.imported_from is not None:
        snaks.append(Snak("P143", source.imported_from, source.imported_from))
    link = source.permalink or source.url
    if link is not None:
        token = string_token(link)
        if isinstance(token, Refusal):
            return token
        snaks.append(Snak("P4656" if source.imported_from else "P854", token, link))
    if not snaks:
        return Refusal(
            "source-unnamed",
            f"source {source.filename} has no qid, imported_from, permalink or url in "
            "seeds/sources.toml, so a Wikidata reference cannot name it; add one of them",
        )
    if source.retrieved is not None:
        snaks.append(Snak(RETRIEVED, f"+{source.retrieved}T00:00:00Z/11", source.retrieved))
    return tuple(snaks)


def weaknesses(source: SourceDocument) -> list[str]:
    """What a reference to `source` lacks for Wikidata to count it, each as
    `missing snak: the key to add in seeds/sources.toml`."""
    out = []
    if source.imported_from is not None and source.permalink is None:
        out.append(
            "no permalink (P4656): permalink = "
            '"https://en.wikipedia.org/w/index.php?title=...&oldid=..."'
        )
    if source.imported_from is None and source.qid is None and source.url is None:
        out.append("no stated in (P248) or URL (P854): qid = the work's Q-id, or url")
    if source.retrieved is None:
        out.append("no retrieval date (P813): retrieved = YYYY-MM-DD")
    return out


def merge_alike(groups: Sequence[ReferenceGroup]) -> list[ReferenceGroup]:
    """One reference per set of naming snaks, with the distinct quotes of all in order:
    QuickStatements would otherwise write the same reference twice (or as two lines
    that are byte for byte the same on an existing item)."""
    merged: dict[tuple[Snak, ...], ReferenceGroup] = {}
    for group in groups:
        naming = group.naming()
        first = merged.get(naming)
        if first is None:
            merged[naming] = group
            continue
        quotes = [s for s in group.snaks if s.pid == QUOTATION and s not in first.snaks]
        merged[naming] = ReferenceGroup(
            first.source,
            (*first.snaks, *quotes),
            tuple(dict.fromkeys((*first.also, *group.sources))),
        )
    return list(merged.values())


_WORD = re.compile(r"\w")


def names_only(quote: str, names: Sequence[str]) -> str | None:
    """The name `quote` is nothing but (compared without case, whitespace collapsed), or
    None when it says more: a word of it is not part of the name."""
    text = " ".join(quote.split()).casefold()
    for name in sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True):
        folded = name.casefold()
        position = text.find(folded)
        if position < 0:
            continue
        rest = text[:position] + " " + text[position + len(folded) :]
        if not _WORD.search(rest):
            return name
    return None


def weak_quote(claim: Claim, entities: Mapping[str, Entity], quotes: Sequence[str]) -> Refusal:
    """Why a statement whose every quote is only its value's name waits."""
    assert isinstance(claim.value, ItemValue)
    entity = entities[claim.value.slug]
    shown = " / ".join(f'"{q}"' for q in dict.fromkeys(" ".join(q.split()) for q in quotes))
    return Refusal(
        "weak-quote",
        f"its only evidence, {shown}, is just the name of its value {entity.slug} "
        f"({entity.label}), which verifies nothing about {claim.pid}; quote a sentence that "
        "states the relation",
    )


def value_names(claim: Claim, entities: Mapping[str, Entity]) -> list[str]:
    """The labels and aliases of an item value; none for other values."""
    if not isinstance(claim.value, ItemValue):
        return []
    entity = entities[claim.value.slug]
    return [text for _, text in (*entity.labels, *entity.aliases)]


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character (line 1 at index 0)."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


def lines_of(evidence: Evidence, starts: Sequence[int]) -> tuple[int, int]:
    """The first and last line (1-based) the evidence spans."""
    first = bisect.bisect_right(starts, evidence.start)
    last = bisect.bisect_right(starts, max(evidence.start, evidence.end - 1))
    return first, last


def outside_article(evidence: Evidence, source: SourceDocument, starts: Sequence[int]) -> bool:
    first, last = lines_of(evidence, starts)
    return any(lo <= last and first <= hi for lo, hi in source.not_article)


def debris(evidence: Evidence, starts: Sequence[int]) -> str | None:
    """Why the quote is not a clean fragment of a sentence, or None when it is."""
    first, last = lines_of(evidence, starts)
    quote = evidence.quote.strip()
    if first != last:
        return "it runs across a line break of the source"
    if quote[:1] in ",.;:)]":
        return f"it begins with {quote[0]!r}, cut from its sentence"
    if match := _DOUBLED.search(quote):
        return f"it repeats {match[1]!r} (a link rendered twice)"
    if _SPACED.search(quote):
        return "it has a space before punctuation (mirror debris)"
    return None


def reference(
    source: SourceDocument,
    evidence: Sequence[Evidence],
    claim: Claim,
    entities: Mapping[str, Entity],
    limit: int,
) -> ReferenceGroup | Refusal | None:
    """The reference `source` gives `claim`; None when all its evidence is outside the work
    or every quote of it inside the work is only the value's name (it verifies nothing)."""
    starts = line_starts(source.text)
    inside = [e for e in evidence if not outside_article(e, source, starts)]
    names = value_names(claim, entities)
    if all(names_only(e.quote, names) is not None for e in inside):
        return None  # also when `inside` is empty
    named = naming_snaks(source)
    if isinstance(named, Refusal):
        return named
    forms = value_forms(claim.value, entities)
    quotes: list[str] = []
    for item in sorted(inside, key=Evidence.key):
        if debris(item, starts) is not None or names_only(item.quote, names) is not None:
            continue
        quote = fit_quote(item.quote, forms, limit)
        if quote is not None and quote not in quotes:
            quotes.append(quote)
    snaks = list(named)
    for quote in quotes:
        token = monolingual_token(quote, source.language)
        if isinstance(token, Refusal):
            return token
        snaks.append(Snak(QUOTATION, token, quote))
    return ReferenceGroup(source.stem, tuple(snaks))


def unreferenced(
    claim: Claim,
    evidence: Mapping[str, Sequence[Evidence]],
    sources: Mapping[str, SourceDocument],
    entities: Mapping[str, Entity],
) -> Refusal:
    """Why a statement none of whose sources gives a reference waits: its quotes in the
    article are only its value's name (`weak-quote`), or it has none (`not-article`)."""
    quotes = []
    for stem in sorted(evidence):
        starts = line_starts(sources[stem].text)
        quotes += [
            e.quote
            for e in sorted(evidence[stem], key=Evidence.key)
            if not outside_article(e, sources[stem], starts)
        ]
    if quotes:
        return weak_quote(claim, entities, quotes)
    return Refusal(
        "not-article",
        "every quote of it lies in lines its source marks not_article (a mirror's "
        "glossary or header), which are no evidence of the work; quote the article",
    )
