"""Sentences: a source text -> its headings and sentences, with code-point offsets.

The rule is deterministic and works on lines first, then inside runs of joined lines:

1. A line is *blank*, a *heading*, a *list item* or *text*.
   - Heading: a wiki heading (`= Title =`, `==Background==`), or a *title line*: at most
     TITLE_WORDS words, starting with an upper-case letter or digit, not ending in
     punctuation that closes or continues a sentence (`. ! ? , ; :`), and not followed by
     a *continuation*: a line starting with a lower-case letter or with `, . ; : ) ] '`
     (or a typographic apostrophe or ellipsis). The older document's article title,
     section titles and glossary entry titles are title lines; its broken layout puts
     fragments such as ", Hankou" or "." on lines of their own, and a short line
     followed by one ("Flying Tigers" then ".") is text.
   - List item: a line starting with `- ` (the infobox's `- Key: Value` lines, "See also"
     entries). Each is its own run; the `- ` marker is not part of the sentence.
2. A text line *continues* onto the next line (their line break is a space, not an end)
   unless the next line is blank, a heading or a list item, or this line ends with
   sentence-final punctuation (see 3) or with a doubled capitalised word (`WuhanWuhan`:
   the older document glues a glossary entry's title to the linked word, and the entry's
   text follows on the next line).
3. Inside a run, a sentence ends after `.`, `!` or `?` (and any closing quotes or
   brackets) when whitespace and then an upper-case letter, digit, opening quote or
   bracket follow; or at the end of the run. Not after an abbreviation: letters with
   inner dots (`a.m.`, `U.S.`, `e.g.`), a single capital initial (`L.`), or a title in
   ABBREVIATIONS (`Gen.`, `Dr.`, ...). The older document glues some sentences together,
   so `.` with a space before it and an upper-case letter right after (`War .The`), and
   `.` between a lower-case letter and a capitalised word (`China.The`), also end one.
4. Whitespace around a sentence is trimmed; a "sentence" with no letter or digit (a
   lone "." left by the layout) is not a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

TITLE_WORDS = 6
ABBREVIATIONS = frozenset(
    {"Capt", "Col", "Dr", "Gen", "Jr", "Lt", "Maj", "Mr", "Mrs", "Ms", "No", "Sgt", "Sr", "St"}
)

_WIKI_HEADING = re.compile(r"^\s*(=+)\s*\S.*?\s*\1\s*$")
_LIST_ITEM = re.compile(r"^- ")
_CONTINUES = frozenset(",.;:)]'\u2019\u2026")
_CLOSERS = "\"'\u201d\u2019)\\]"  # closing quotes and brackets after a full stop
_OPENERS = "\"'\u201c\u2018(\\["
_FINAL = re.compile(rf"[.!?][{_CLOSERS}]*$")
_BOUNDARY = re.compile(
    rf"(?P<end>[.!?][{_CLOSERS}]*)(?=\s+[{_OPENERS}A-Z0-9\u00c0-\u00dd])"  # `. The`, `?" (1`
    r"|(?<=\s)(?P<spaced>\.)(?=[A-Z])"  # the older mirror's `War .The`
    r"|(?<=[a-z)])(?P<glued>\.)(?=[A-Z][a-z])"  # and its `China.The`
)
_DOTTED = re.compile(r"(?:^|\s)(?:[A-Za-z]\.)+[A-Za-z]$|(?:^|[\s(])[A-Z]$")
_WORD_BEFORE = re.compile(r"(\w+)$")
_DOUBLED = re.compile(r"([A-Z][a-z]+)\1$")


@dataclass(frozen=True)
class Sentence:
    """A sentence or heading of a source: `text == source_text[start:end]`."""

    start: int
    end: int
    line: int
    text: str
    heading: bool

    @cached_property  # the coverage report compares each sentence many times
    def flat(self) -> str:
        """The text with every run of whitespace (line breaks too) as one space."""
        return " ".join(self.text.split())


@dataclass(frozen=True)
class _Line:
    number: int
    start: int  # offset of the first code point
    end: int  # offset after the last code point before the line break
    body: str

    @property
    def blank(self) -> bool:
        return not self.body.strip()

    @property
    def item(self) -> bool:
        return bool(_LIST_ITEM.match(self.body))


def split(text: str) -> list[Sentence]:
    """Every heading and sentence of `text`, in text order (rules: see the module doc)."""
    lines = _lines(text)
    breaks = [match.start() for match in re.finditer("\n", text)]  # line numbers by bisection
    headings = {line.number for i, line in enumerate(lines) if _is_heading(lines, i)}
    found: list[Sentence] = []
    run: list[_Line] = []

    def flush() -> None:
        if run:
            found.extend(_sentences(text, breaks, run[0].start, run[-1].end))
            run.clear()

    for line in lines:
        if line.blank:
            flush()
        elif line.number in headings:
            flush()
            found.extend(_piece(text, breaks, line.start, line.end, heading=True))
        elif line.item:
            flush()
            found.extend(_sentences(text, breaks, line.start + 2, line.end))
        else:
            run.append(line)
            if _ends_sentence(line.body) or _DOUBLED.search(line.body.rstrip()):
                flush()
    flush()
    return found


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), 1):
        body = raw.rstrip("\r\n")
        lines.append(_Line(number, offset, offset + len(body), body))
        offset += len(raw)
    return lines


def _is_heading(lines: list[_Line], index: int) -> bool:
    line = lines[index]
    body = line.body.strip()
    if line.blank or line.item:
        return False
    if _WIKI_HEADING.match(body):
        return True
    if not (body[0].isupper() or body[0].isdigit()) or body[-1] in ".!?,;:":
        return False
    if len(body.split()) > TITLE_WORDS:
        return False
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is None or not _continuation(following)


def _continuation(line: _Line) -> bool:
    """Whether `line` continues the text of the line before it."""
    body = line.body.lstrip()
    if not body or line.item or _WIKI_HEADING.match(body):
        return False
    return body[0].islower() or body[0] in _CONTINUES


def _ends_sentence(body: str) -> bool:
    stripped = body.rstrip()
    match = _FINAL.search(stripped)
    return match is not None and not _abbreviation(stripped, match.start())


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the `.` at `dot` closes an abbreviation rather than a sentence.

    Only the word before the dot (back to whitespace) is looked at, so the cost is that
    word's length, not the text's: the split stays linear in the size of a source. A
    line break right before the dot belongs to that word, as the patterns' `$` has
    always allowed (`L` then a line holding only `.` reads as an initial).
    """
    if text[dot] != ".":
        return False
    begin = dot - 1 if dot > 0 and text[dot - 1] == "\n" else dot
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    before = text[begin:dot]
    if _DOTTED.search(before):
        return True
    word = _WORD_BEFORE.search(before)
    return word is not None and word.group(1) in ABBREVIATIONS


def _sentences(text: str, breaks: list[int], start: int, end: int) -> list[Sentence]:
    """The sentences of the run `text[start:end]` (rule 3)."""
    run = text[start:end]
    found: list[Sentence] = []
    begin = 0
    for match in _BOUNDARY.finditer(run):
        kind = match.lastgroup or "end"
        if kind == "end" and _abbreviation(run, match.start()):
            continue
        stop = match.end()
        found.extend(_piece(text, breaks, start + begin, start + stop, heading=False))
        begin = stop
    found.extend(_piece(text, breaks, start + begin, end, heading=False))
    return found


def _piece(text: str, breaks: list[int], start: int, end: int, *, heading: bool) -> list[Sentence]:
    """The trimmed span as a Sentence, or nothing when it holds no letter or digit.

    `breaks` holds the offset of every `\\n` in `text`, in order.
    """
    chunk = text[start:end]
    start += len(chunk) - len(chunk.lstrip())
    end -= len(chunk) - len(chunk.rstrip())
    piece = text[start:end]
    if not any(char.isalnum() for char in piece):
        return []
    line = bisect_left(breaks, start) + 1
    return [Sentence(start, end, line, piece, heading)]
