"""Markdown escaping: data (labels, titles, quotes, reasons) written into a Markdown report
stays text under python-markdown (what MkDocs renders), CommonMark and GitHub.

One function, `escape`, is used wherever data enters a Markdown report, in prose and in
table cells alike: HTML is written as character references (`<` `>` `&`, so no tag,
comment or autolink can start), the punctuation Markdown reads inline (code spans,
emphasis, links and images, attribute lists, table pipes) gets a backslash, the marks that
only count at the start of a line (headings, lists, block quotes, setext underlines,
indented code) are neutralised at the start of the text, and line breaks are shown as ⏎,
so data never starts a line of its own. The text a reader sees is the data.
"""

from __future__ import annotations

import re

LINE_BREAK = " ⏎ "
# backslash escapes python-markdown honours (its ESCAPED_CHARS; `|` with the tables
# extension); CommonMark honours a backslash before any ASCII punctuation
_BACKSLASHED = frozenset("\\`*_{}[]|")
_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;"}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
# both as one str.translate table (a backslash wins, as the rules above say)
_TABLE = str.maketrans({**_REFERENCES, **{ch: "\\" + ch for ch in _BACKSLASHED}})
# control characters (python-markdown uses STX and ETX as its own placeholders and drops
# them; HTML has no place for the others) are shown by their Unicode control pictures
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a line starting with one of these can open a block: heading, list, setext underline,
# definition, or (with leading whitespace) an indented code block
_LEADING = re.compile(r"[#+\-=:]|\d+[.)]|[ \t]")
# of those, the ones python-markdown (and CommonMark) take a backslash before
_BACKSLASHED_MARKS = frozenset("#+-.)")


def escape(text: str) -> str:
    """`text` as Markdown that renders as exactly `text` (line breaks shown as ⏎), wherever
    it stands: in a table cell, after a list marker or at the start of a line."""
    out = inline(text)
    leading = _LEADING.match(out)
    if leading:
        mark = leading.group()
        last = mark[-1]
        guarded = "\\" + last if last in _BACKSLASHED_MARKS else f"&#{ord(last)};"
        out = mark[:-1] + guarded + out[len(mark) :]
    return out


def inline(text: str) -> str:
    """`text` escaped for a place inside a line (not at its start): inside a quote or
    after other text. (A number or date from JSON-ready data is written as `str` gives it.)"""
    text = _LINE_BREAKS.sub(LINE_BREAK, str(text))
    text = _CONTROLS.sub(lambda m: control_picture(m[0]), text)
    return text.translate(_TABLE)


def control_picture(char: str) -> str:
    """The Unicode control picture of a C0 control character or DEL (U+2400-U+2421)."""
    return "\u2421" if char == "\x7f" else chr(0x2400 + ord(char))


def quoted(text: str) -> str:
    """A quote in double quotes, escaped like any data."""
    return '"' + inline(text) + '"'


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table (cells must already be escaped)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def plural(count: int, word: str) -> str:
    """`count` and `word`, with an s unless the count is 1 ("1 group", "58 groups")."""
    return f"{count} {word}{'' if count == 1 else 's'}"
