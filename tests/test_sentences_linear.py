"""Sentence splitting does work linear in the text's size (issue 15, defect 4).

The work is counted, not timed: the text is a `str` subclass that adds up how many code
points each slice and `count` touches. The old splitter sliced `text[:dot]` and counted
newlines from the start of the text for every sentence, quadratic in a source's size.
Wall-clock figures are in benchmarks/source_size_benchmark.py.
"""

from __future__ import annotations

from typing import Any, ClassVar, SupportsIndex

from svg_rdf.reports.sentences import split


class Counted(str):
    """A str that records how many code points its slices and counts touch."""

    touched: ClassVar[int] = 0

    def __getitem__(self, key: SupportsIndex | slice) -> Counted:
        part = str.__getitem__(self, key)
        Counted.touched += len(part)
        return Counted(part)

    def count(self, sub: str, start: Any = 0, end: Any = None) -> int:
        stop = len(self) if end is None else min(end, len(self))
        Counted.touched += max(0, stop - start)
        return str.count(self, sub, start, end)


def paragraph(number: int) -> str:
    return (
        f"Sentence {number} tells of Gen. Smith at 10 a.m. in the U.S. Army. "
        f"Another one follows it. And a third, number {number}, closes it.\n"
    )


def work(paragraphs: int) -> tuple[int, int, int]:
    """Code points touched, the text's length, and the number of sentences found."""
    text = "".join(paragraph(n) for n in range(paragraphs))
    Counted.touched = 0
    sentences = split(Counted(text))
    return Counted.touched, len(text), len(sentences)


def test_work_grows_linearly_with_the_text() -> None:
    small_work, _, small_count = work(500)
    large_work, large_size, large_count = work(4000)
    assert large_count == 8 * small_count
    # linear: eight times the text, about eight times the work (quadratic: 64 times)
    assert large_work / small_work < 10, (small_work, large_work)
    assert large_work < 20 * large_size


def test_line_numbers_stay_right_on_a_long_text() -> None:
    text = "".join(paragraph(n) for n in range(3000))
    sentences = split(text)
    assert all(text.count("\n", 0, s.start) + 1 == s.line for s in sentences[::97])
    assert sentences[-1].line == 3000
