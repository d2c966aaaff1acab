"""Site, shared: what the build-time SVG pictures need to lay out text without a font.

A picture is drawn with no browser at hand, so a label's width is estimated from its
characters: Latin letters, digits and common punctuation by DejaVu Sans' advance widths
(the widest of the common sans-serif fonts, so other fonts leave room to spare), an
accented letter as its base letter, a wide (East Asian) character one em, anything else
0.7 em. A label longer
than its room is cut with an ellipsis; the picture keeps the full label in a `<title>`.
Coordinates are written with at most one decimal, so the bytes are stable.

The pictures are geometry computed here and in picture.py and strip.py: a list of shapes
(the records below, coordinates already written as text) that `templates/shapes.svg`
turns into SVG elements, in the order drawn.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import ClassVar

ELLIPSIS = "…"
OTHER = 0.7  # em: a character not in the table (Cyrillic, Greek, symbols)
# DejaVu Sans advance widths in em, rounded up to 0.05
_EM = {
    **dict.fromkeys("ijlI.,:;'!|", 0.3),
    **dict.fromkeys(" ", 0.35),
    **dict.fromkeys("ftJ-()[]/", 0.4),
    **dict.fromkeys("r", 0.45),
    **dict.fromkeys("\u2013", 0.5),  # en dash
    **dict.fromkeys("csz", 0.55),
    **dict.fromkeys("kvxyLF", 0.6),
    **dict.fromkeys("abdeghnopqu0123456789PTYS", 0.65),
    **dict.fromkeys("ABEKRVXZ", 0.7),
    **dict.fromkeys("CUNH", 0.75),
    **dict.fromkeys("DGOQ", 0.8),
    **dict.fromkeys("w", 0.85),
    **dict.fromkeys("M", 0.9),
    **dict.fromkeys("mW—…", 1.0),
}


def text_width(text: str, size: float) -> float:
    """The estimated width of `text` at font size `size` (user units)."""
    return _ems(text) * size


@functools.lru_cache(maxsize=4096)
def _ems(text: str) -> float:
    # the ~250 pictures measure the same neighbours' labels again and again
    return sum(_advance(char) for char in text)


def _advance(char: str) -> float:
    width = _EM.get(char)
    if width is not None:
        return width
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFD", char)[:1]
    return _EM.get(base, OTHER)


@functools.lru_cache(maxsize=4096)
def shorten(text: str, room: float, size: float) -> str:
    """`text` on one line (runs of white space as one space), cut with an ellipsis so its
    estimated width at `size` stays within `room`."""
    text = " ".join(text.split())
    if text_width(text, size) <= room:
        return text
    budget = room / size - _advance(ELLIPSIS)
    used = 0.0
    for index, char in enumerate(text):
        used += _advance(char)
        if used > budget:
            return text[:index].rstrip() + ELLIPSIS
    return text  # not reached: the whole text was too wide


def wrap(text: str, room: float, size: float, lines: int = 2) -> list[str]:
    """`text` broken at spaces into at most `lines` lines within `room`; the last line
    shortened when the words do not fit."""
    words = text.split()
    out: list[str] = []
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size) <= room:
            line = f"{line} {words.pop(0)}"
        if text_width(line, size) > room:
            words.insert(0, line)  # one long word: the last line cuts it
            break
        out.append(line)
    if words:
        out.append(shorten(" ".join(words), room, size))
    return out


def num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zero (`12`, `12.5`)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Line:
    """`<line class x1 y1 x2 y2>`, with an arrow at its end or not."""

    kind: ClassVar[str] = "line"
    cls: str
    x1: str
    y1: str
    x2: str
    y2: str
    arrow: bool = False


@dataclass(frozen=True)
class Text:
    """`<text class x y>`: one line, with its full text in a `<title>` when shortened."""

    kind: ClassVar[str] = "text"
    cls: str
    x: str
    y: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Box:
    """A rectangle with a label, titled; a link when `href` is not None."""

    kind: ClassVar[str] = "box"
    cls: str
    href: str | None
    title: str
    x: str
    y: str
    width: str
    height: str
    rx: str
    text_x: str
    text_y: str
    text: str


@dataclass(frozen=True)
class More:
    """`K more`: a link to the full list on the page."""

    kind: ClassVar[str] = "more"
    href: str
    title: str
    x: str
    y: str
    text: str
