"""Nearest passage: why a quote is not found, down to the first character that differs.

A quote copied from a rendered page often differs from the source text invisibly: a
no-break space typed as a space, a decomposed é (e + U+0301), a hyphen for an en dash, a
line break typed as a space. `explain_absence` finds the passage of the source closest to
the quote and names the first difference by code point and Unicode name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

SHOWN = 24  # characters of the quote shown before the first difference
SHIFT = 3  # characters missing or extra before the longest run that are tried
CANDIDATES = 50  # passages sharing the quote's longest run that are compared
AGREE = 8  # characters that must agree again after a difference
RESYNC = 12  # the longest run of differing characters looked past on either side
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def char_name(char: str) -> str:
    """`U+00A0 NO-BREAK SPACE`: the code point and Unicode name of one character."""
    name = unicodedata.name(char, "")
    if not name:
        name = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "CHARACTER TABULATION"}.get(
            char, f"<{unicodedata.category(char)}>"
        )
    return f"U+{ord(char):04X} {name}"


def describe(chars: str) -> str:
    """A short run of characters: quoted when plain ASCII letters, digits or punctuation
    (nothing there looks like something else), else by code point and name joined by '+'."""
    if not chars:
        return "nothing"
    if all("!" <= c <= "~" for c in chars) and not any(c in _DASHES + "'\"" for c in chars):
        return f'"{chars[:20]}"' + ("..." if len(chars) > 20 else "")
    names = [char_name(c) for c in chars[:3]]
    more = f" (+{len(chars) - 3} more)" if len(chars) > 3 else ""
    return " + ".join(names) + more


def visible(text: str) -> str:
    """`text` with line breaks, tabs and other invisible characters written as ⟨U+XXXX⟩."""
    out = []
    for char in text:
        if char == " " or (char.isprintable() and not unicodedata.category(char).startswith("Z")):
            out.append(char)
        else:
            out.append(f"⟨U+{ord(char):04X}⟩")
    return "".join(out)


@dataclass(frozen=True)
class Difference:
    """Where the nearest passage of the source departs from the quote."""

    source_start: int  # the nearest passage in the source
    source_end: int
    offset: int  # the first differing character, as an offset into the quote
    source_chars: str
    quote_chars: str
    line: int  # line of the source where the difference sits

    def explain(self, quote: str) -> str:
        """One sentence: where, and what the source has where the quote has something else."""
        before = quote[max(0, self.offset - SHOWN) : self.offset]
        lead = "..." if self.offset > SHOWN else ""
        where = f'after "{lead}{visible(before)}"' if before else "at its start"
        if not self.quote_chars:
            what = f"the source has {describe(self.source_chars)} that the quote lacks"
        elif not self.source_chars:
            what = f"the quote has {describe(self.quote_chars)} that the source lacks"
        else:
            what = (
                f"the source has {describe(self.source_chars)} where the quote has "
                f"{describe(self.quote_chars)}"
            )
        hint = _hint(self.source_chars, self.quote_chars)
        return (
            f"nearest passage at line {self.line}, differing {where} "
            f"(character {self.offset + 1} of the quote): {what}{hint}"
        )


def _hint(source: str, quote: str) -> str:
    if source and unicodedata.normalize("NFC", quote) == unicodedata.normalize("NFC", source):
        which = "decomposed (NFD)" if len(quote) > len(source) else "composed (NFC)"
        return f" (the quote's form is {which}; the characters look alike)"
    if source and quote and all(c in _DASHES for c in source + quote):
        return " (dashes look alike)"
    if source and quote and all(_QUOTES.get(c, c) in "'\"" for c in source + quote):
        return " (quotation marks look alike)"
    if source and quote and all(c.isspace() for c in source + quote):
        return " (white space looks alike)"
    return ""


def nearest(text: str, quote: str) -> Difference | None:
    """The passage of `text` closest to `quote` and their first difference; None if none.

    The passage is found by aligning the quote on the longest run it shares with the
    text (a passage sharing less than a third of the quote is no match). Then the two are
    compared character by character: the first difference is where they part, and it ends
    where they agree again for AGREE characters, skipping as few characters as possible
    (a replacement of equal length preferred).
    """
    if not quote or not text:
        return None
    anchor = _longest_shared_run(text, quote)
    if anchor.size < max(4, len(quote) // 3):
        return None
    slack = max(8, len(quote) // 4)
    window_start = max(0, anchor.a - anchor.b - slack)
    window_end = min(len(text), anchor.a + (len(quote) - anchor.b) + slack)
    window = text[window_start:window_end]
    blocks = SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks()
    # Where does the quote start? Where its longest shared run puts it, give or take the
    # few characters missing or extra before that run, or where an earlier run of the
    # alignment puts it. A quote that occurs more than once (it has a context) shares its
    # longest run with each copy. Every candidate is scored; the one agreeing longest wins.
    needle = quote[anchor.b : anchor.b + anchor.size]
    starts = {window_start + b.b - b.a for b in blocks[:CANDIDATES] if b.size >= 2}
    for found in _occurrences(text, needle, CANDIDATES):
        starts.update(found - anchor.b + shift for shift in range(-SHIFT, SHIFT + 1))
    scored = sorted((_score(quote, text, start), start) for start in starts)
    (_, _, offset, skip_quote, skip_source), start = scored[-1]
    if offset == len(quote):
        return None
    at = start + offset
    position = max(at, 0)
    return Difference(
        source_start=max(start, 0),
        source_end=min(len(text), max(start, 0) + len(quote) - skip_quote + skip_source),
        offset=offset,
        source_chars=text[position : position + skip_source],
        quote_chars=quote[offset : offset + skip_quote],
        line=text.count("\n", 0, position) + 1,
    )


@dataclass(frozen=True)
class _Run:
    a: int  # start in the text
    b: int  # start in the quote
    size: int


def _longest_shared_run(text: str, quote: str) -> _Run:
    """The longest piece of `quote` that occurs in `text` (the first such, in quote order).

    A binary search on the length: if a piece of length n occurs, so does one of n - 1;
    each probe is a C-speed `str.find`, far quicker than difflib on a long source.
    """

    def probe(size: int) -> _Run | None:
        for b in range(len(quote) - size + 1):
            a = text.find(quote[b : b + size])
            if a != -1:
                return _Run(a, b, size)
        return None

    best = _Run(0, 0, 0)
    low, high = 1, len(quote)
    while low <= high:
        middle = (low + high) // 2
        found = probe(middle)
        if found is None:
            high = middle - 1
        else:
            best, low = found, middle + 1
    return best


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    found: list[int] = []
    at = text.find(needle)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _score(quote: str, text: str, start: int) -> tuple[int, int, int, int, int]:
    """How well the quote agrees with the passage at `start`, best highest: characters
    agreeing around the first difference less those skipped there, fewer skipped; then
    the offset of the difference and the skips."""
    offset = _agree(quote, text, start)
    if offset == len(quote):
        return (offset, 0, offset, 0, 0)
    at = max(start + offset, 0)
    skip_quote, skip_source = _resync(quote, offset, text, at)
    after = _agree(quote[offset + skip_quote :], text, at + skip_source)
    skipped = skip_quote + skip_source
    return (offset + after - skipped, -skipped, offset, skip_quote, skip_source)


def _agree(quote: str, text: str, start: int) -> int:
    """How many characters of `quote` agree with `text` from `start` on."""
    offset = 0
    while (
        offset < len(quote)
        and 0 <= start + offset < len(text)
        and quote[offset] == text[start + offset]
    ):
        offset += 1
    return offset


# Every pair of skips (quote, source), fewest characters first, equal lengths first.
_SKIPS = sorted(
    ((q, s) for q in range(RESYNC + 1) for s in range(RESYNC + 1) if q or s),
    key=lambda pair: (pair[0] + pair[1], abs(pair[0] - pair[1])),
)


def _resync(quote: str, offset: int, text: str, at: int) -> tuple[int, int]:
    """How many characters of quote and text to skip so that they agree again."""
    for skip_quote, skip_source in _SKIPS:
        rest = quote[offset + skip_quote : offset + skip_quote + AGREE]
        if offset + skip_quote > len(quote):
            continue
        if not rest and skip_source == 0:
            return skip_quote, 0  # the quote runs on past the passage
        if rest and text.startswith(rest, at + skip_source):
            return skip_quote, skip_source
    return min(3, len(quote) - offset), min(3, len(text) - at)


def explain_absence(text: str, quote: str) -> str:
    """Why `quote` is not in `text`, for an error message (never empty)."""
    difference = nearest(text, quote)
    if difference is None:
        return "no passage of the source is close to it"
    return difference.explain(quote)
