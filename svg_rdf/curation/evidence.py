"""Evidence: a verbatim quote -> its exact code-point span in the source text.

A quote must occur in its source exactly once; a quote that occurs more often needs a
context: a longer verbatim passage that occurs once and contains the quote once.
"""

from __future__ import annotations

from svg_rdf.curation.nearest import explain_absence, visible
from svg_rdf.model import Evidence, Place, SourceDocument

AFFIX = 32  # code points of prefix and suffix kept for the TextQuoteSelector


class QuoteProblem(Exception):
    """The quote cannot be located; the message says why and `fix` how to mend it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def occurrences(text: str, needle: str) -> list[int]:
    """Every start offset of `needle` in `text`, overlapping ones included."""
    found: list[int] = []
    start = text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def _short(text: str, limit: int = 60) -> str:
    """The start of `text` for a message, invisible characters shown as ⟨U+XXXX⟩."""
    shown = visible(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _absent(what: str, needle: str, source: SourceDocument) -> QuoteProblem:
    return QuoteProblem(
        f'{what} not found in {source.filename}: "{_short(needle)}"; '
        f"{explain_absence(source.text, needle)}",
        "copy it verbatim from the source",
    )


def locate(source: SourceDocument, quote: str, context: str | None, place: Place) -> Evidence:
    """The Evidence for `quote` in `source`; raises QuoteProblem when absent or ambiguous."""
    if not quote:
        raise QuoteProblem("empty quote", "copy the words that state the fact")
    if context is None:
        found = occurrences(source.text, quote)
        if not found:
            raise _absent("quote", quote, source)
        if len(found) > 1:
            raise QuoteProblem(
                f'quote occurs {len(found)} times in {source.filename}: "{_short(quote)}"',
                "add context = a longer verbatim passage around the one you mean",
            )
        return span(source, found[0], found[0] + len(quote), place)
    inner = occurrences(context, quote)
    if not inner:
        raise QuoteProblem(
            f'the context does not contain the quote "{_short(quote)}"; '
            f"{explain_absence(context, quote).replace('source', 'context')}",
            "the context must contain the quote exactly once",
        )
    if len(inner) > 1:
        raise QuoteProblem(
            f'context contains the quote {len(inner)} times: "{_short(quote)}"',
            "the context must contain the quote exactly once",
        )
    found = occurrences(source.text, context)
    if not found:
        raise _absent("context", context, source)
    if len(found) > 1:
        raise QuoteProblem(
            f'context found {len(found)} times in {source.filename}: "{_short(context)}"',
            "copy a passage that occurs once, verbatim",
        )
    start = found[0] + inner[0]
    return span(source, start, start + len(quote), place)


def span(source: SourceDocument, start: int, end: int, place: Place) -> Evidence:
    """The Evidence for `source.text[start:end]`, with its prefix and suffix."""
    text = source.text
    return Evidence(
        source=source.stem,
        quote=text[start:end],
        start=start,
        end=end,
        prefix=text[max(0, start - AFFIX) : start],
        suffix=text[end : end + AFFIX],
        place=place,
    )
