"""QuickStatements v1 syntax: typed values -> the tokens the reference parsers read back.

The grammar is the one of the reference parsers (magnusmanske/quickstatements
`parseValueV1`, wikimediabrasil/quickstatements3 `src/core/parsers/`): items `Q123`,
strings `"..."`, monolingual text `en:"..."`, times `+1937-00-00T00:00:00Z/9`, quantities
`450` or `450~5` (a symmetric bound only). Neither parser has an escape: a string runs
from its first to its last double quote, so inner `"` stay verbatim, while a tab, a
line break, `|` (QuickStatements 3 turns it into a tab), a backslash (QuickStatements 3
reads it as an escape while finding strings) and `/*` (starts the edit summary) cannot be
carried. Such values are refused with a reason, never altered silently. Whitespace runs
are collapsed to one space first: Wikibase strings hold no line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from svg_rdf.curation.values import plain_decimal
from svg_rdf.model import (
    Entity,
    ItemValue,
    MonolingualValue,
    QuantityValue,
    StringValue,
    TimeValue,
    UrlValue,
    Value,
)

ELLIPSIS = "\u2026"
_UNWRITABLE = (("|", "a '|'"), ("\\", "a backslash"), ("/*", "'/*'"))
_LANGUAGE = re.compile(r"^[a-z_-]+$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass(frozen=True)
class Refusal:
    """Why a value cannot be written; `code` is stable, `detail` says what to do."""

    code: str
    detail: str
    entities: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """The text with every whitespace run (line breaks included) as one space, trimmed."""
    return " ".join(text.split())


def string_token(text: str) -> str | Refusal:
    """`"text"` after normalising whitespace, or why QuickStatements cannot carry it."""
    flat = normalise(text)
    if not flat:
        return Refusal("unwritable-string", "an empty string cannot be written")
    for needle, name in _UNWRITABLE:
        if needle in flat:
            return Refusal(
                "unwritable-string",
                f"{_short(flat)!r} contains {name}, which QuickStatements v1 cannot carry "
                "inside a string; add this statement by hand",
            )
    if flat.startswith('""') or flat.endswith('""'):
        return Refusal(
            "unwritable-string",
            f"{_short(flat)!r} starts or ends with two double quotes, which QuickStatements 3 "
            'reads as a """...""" value; add this statement by hand',
        )
    return f'"{flat}"'


def monolingual_token(text: str, language: str) -> str | Refusal:
    """`lang:"text"`, or why it cannot be written."""
    if not _LANGUAGE.match(language):
        return Refusal(
            "unwritable-string",
            f"language code {language!r} is outside what QuickStatements reads ([a-z_-]+)",
        )
    token = string_token(text)
    return token if isinstance(token, Refusal) else f"{language}:{token}"


def time_token(value: TimeValue) -> str:
    """`+YYYY-MM-DDT00:00:00Z/p`: fields finer than the precision are 00, precision always set.

    Wikidata stores `+1937-00-00T00:00:00Z` for the year 1937; a `-01-01` form with
    precision 9 would not be recognised as the same value, and a missing `/p` means year.
    """
    month = value.month if value.precision >= 10 else 0
    day = value.day if value.precision >= 11 else 0
    return f"+{value.year:04d}-{month:02d}-{day:02d}T00:00:00Z/{value.precision}"


def quantity_token(value: QuantityValue) -> str | Refusal:
    """`amount`, or `amount~d` when the bounds are amount - d and amount + d."""
    if value.lower is None and value.upper is None:
        return value.amount
    if value.lower is None or value.upper is None:
        return Refusal(
            "quantity-bounds",
            f"{value.display()} has only one bound; Wikibase needs both and QuickStatements "
            "v1 writes only amount~d; add this statement by hand or give both bounds",
        )
    amount, lower, upper = Decimal(value.amount), Decimal(value.lower), Decimal(value.upper)
    if amount - lower != upper - amount:
        return Refusal(
            "quantity-bounds",
            f"{value.display()} has bounds that are not symmetrical around the amount; "
            "QuickStatements v1 writes only amount~d, so add this statement by hand",
        )
    return f"{value.amount}~{plain_decimal(upper - amount)}"


def value_token(value: Value, entities: Mapping[str, Entity]) -> str | Refusal:
    """The QuickStatements token of a statement or qualifier value."""
    if isinstance(value, ItemValue):
        entity = entities[value.slug]
        if entity.qid is None:
            return Refusal(
                "no-qid",
                f"{value.slug} ({entity.label}) has no Q-id",
                (value.slug,),
            )
        return entity.qid
    if isinstance(value, TimeValue):
        return time_token(value)
    if isinstance(value, QuantityValue):
        token = quantity_token(value)
        if value.unit is None or isinstance(token, Refusal):
            return token
        unit = entities[value.unit]
        if unit.qid is None:
            return Refusal("no-qid", f"unit {value.unit} ({unit.label}) has no Q-id", (value.unit,))
        return f"{token}U{unit.qid.removeprefix('Q')}"
    if isinstance(value, MonolingualValue):
        return monolingual_token(value.text, value.language)
    if isinstance(value, StringValue):
        return string_token(value.text)
    if isinstance(value, UrlValue):
        return string_token(value.url)
    raise TypeError(f"unknown value {value!r}")  # pragma: no cover


def value_forms(value: Value, entities: Mapping[str, Entity]) -> list[str]:
    """How the value may be written in a quote: labels and aliases, numbers, the year."""
    if isinstance(value, ItemValue):
        entity = entities[value.slug]
        return [text for _, text in (*entity.labels, *entity.aliases)]
    if isinstance(value, QuantityValue):
        forms = [value.amount]
        if value.amount.isdigit():
            forms.append(f"{int(value.amount):,}")
        return forms
    if isinstance(value, TimeValue):
        return [str(value.year)]
    if isinstance(value, MonolingualValue | StringValue):
        return [normalise(value.text)]
    return [value.url]


def fit_quote(quote: str, forms: list[str], limit: int) -> str | None:
    """The quote, or the part of it that carries the value when it is over `limit`.

    Deterministic: whitespace collapsed; if still too long, the sentence of the quote
    holding the first occurrence of a value form (case-insensitive; the longest form
    wins a tie); if that sentence is too long too, the words around that occurrence,
    growing right then left one word at a time, with an ellipsis where words were cut.
    None when no form occurs in the quote or the occurrence alone is over the limit.
    """
    text = normalise(quote)
    if len(text) <= limit:
        return text
    anchor = _first_occurrence(text, forms)
    if anchor is None:
        return None
    start, end = anchor
    for match in _sentences(text):
        if match[0] <= start < match[1]:
            sentence = text[match[0] : match[1]]
            if len(sentence) <= limit:
                return sentence
            return _window(sentence, start - match[0], end - match[0], limit)
    return None  # pragma: no cover  (every offset lies in a sentence)


def _first_occurrence(text: str, forms: list[str]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for form in sorted({f for f in forms if f}, key=lambda f: (-len(f), f)):
        match = re.search(re.escape(form), text, flags=re.IGNORECASE)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.end())
    return best


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, len(text)))
    return spans


def _window(sentence: str, start: int, end: int, limit: int) -> str | None:
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    first = next(i for i, (_, e) in enumerate(words) if e > start)
    last = max(i for i, (s, _) in enumerate(words) if s < end)

    def text(lo: int, hi: int) -> str:
        body = sentence[words[lo][0] : words[hi][1]]
        return (ELLIPSIS if lo > 0 else "") + body + (ELLIPSIS if hi < len(words) - 1 else "")

    if len(text(first, last)) > limit:
        return None
    grown = True
    while grown:
        grown = False
        if last + 1 < len(words) and len(text(first, last + 1)) <= limit:
            last += 1
            grown = True
        if first > 0 and len(text(first - 1, last)) <= limit:
            first -= 1
            grown = True
    return text(first, last)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
