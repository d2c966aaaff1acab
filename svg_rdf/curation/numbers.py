"""Numbers: every number a claim states must be read in its quote or context.

`numbers_in` reads the numbers of a passage the way a reader does: "7,000" and "7\u00a0000"
are 7000, "3,665" is 3665, "1937\u20131941" and "1937-41" give 1937 and 1941, "1930s" is
1930, "4th" is 4, "1.5 million" is 1.5 and 1500000, "99%" is 99 and 0.99, "half" is 0.5
("four and a half" and "4 and a half" 4.5),
and words are numbers too: "two" to "ninety-nine", "a hundred", "three thousand".
`value_numbers` lists what a claim's value asserts: the amount and bounds of a quantity;
the year (and month and day, at their precision) of a date; the numbers inside a string.
A curator who computed a value writes why in `derived = "..."` instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from svg_rdf.curation.values import plain_decimal
from svg_rdf.model import (
    MonolingualValue,
    QuantityValue,
    StringValue,
    TimeValue,
    Value,
)

_GROUP_SPACES = "\u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?<![\d.,])"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d+)"
    r"(?P<frac>\.\d+)?"
    r"(?![\d])"
)
_RANGE = re.compile(
    r"(?<!\d)(?P<first>\d{4})\s*[-\u2010\u2011\u2012\u2013\u2014/]\s*(?P<end>\d{2})(?!\d)"
)
# "1.5 million", and a list or range the scale word ends: "50, 50 and 150 million",
# "between 5 and 7 million", "2-3 billion".
_AMOUNT = r"\d+(?:\.\d+)?"
_SCALE = re.compile(
    rf"(?<![\d.,])(?P<amounts>{_AMOUNT}(?:\s*(?:,|,?\s*and|,?\s*or|to|-|\u2013)\s*{_AMOUNT})*)"
    r"\s*(?P<scale>thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\d.,])(?P<amount>\d+(?:\.\d+)?)\s*(?:%|per ?cent\b)", re.IGNORECASE)
_FRACTIONS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "quarter": Decimal("0.25")}
# "four and a half", "2 and a quarter": the fraction after "and" adds to the number before.
_AND_FRACTIONS = {
    ("a", "half"): Decimal("0.5"), ("one", "half"): Decimal("0.5"),
    ("a", "quarter"): Decimal("0.25"), ("one", "quarter"): Decimal("0.25"),
    ("three", "quarters"): Decimal("0.75"),
}  # fmt: skip
_DIGITS_AND_FRACTION = re.compile(
    r"(?<![\d.,])(?P<whole>\d+)\s+and\s+(?P<fraction>(?:a|one)\s+(?:half|quarter)|three\s+quarters)\b",
    re.IGNORECASE,
)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "dozen": 12,
    "twice": 2, "both": 2, "single": 1, "once": 1,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)  # a claim's passages are read for each of its numbers
def numbers_in(text: str) -> frozenset[Decimal]:
    """Every number a reader finds in `text`, as Decimal values (sign ignored)."""
    found: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        digits = _digits(match)
        found.add(Decimal(digits))
        frac = match["frac"]
        if frac and len(frac) == 4 and len(match["int"]) <= 3:
            # "7.000" may be a continental thousands separator: read both ways, so a
            # value is never refused for it (the value side refuses "7.000" outright).
            found.add(Decimal(digits.replace(".", "")))
    for match in _RANGE.finditer(text):
        first, end = match["first"], match["end"]
        found.add(Decimal(first[:2] + end))  # "1937-41" is 1937 to 1941
    for match in _PERCENT.finditer(text):
        found.add(Decimal(match["amount"]) / 100)  # "99%" is also 0.99
    for match in _SCALE.finditer(text):
        scale = _SCALES[match["scale"].lower()]
        found.update(Decimal(a) * scale for a in re.findall(_AMOUNT, match["amounts"]))
    for match in _DIGITS_AND_FRACTION.finditer(text):
        fraction = _AND_FRACTIONS[tuple(match["fraction"].lower().split())]
        found.add(Decimal(match["whole"]) + fraction)  # "4 and a half" is 4.5
    found.update(_number_words(text))
    found.update(_FRACTIONS[w.lower()] for w in _WORD.findall(text) if w.lower() in _FRACTIONS)
    return frozenset(abs(number) for number in found)


def _number_words(text: str) -> set[Decimal]:
    """Numbers written as words: "seven", "twenty-five", "a hundred", "three thousand",
    "four and a half" (4.5), "two and a half thousand" (2.5 and 2500)."""
    words = [word.lower() for word in _WORD.findall(text)]
    multipliers = ("hundred", "dozen", *_SCALES)
    found: set[Decimal] = set()
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        if not (
            word in _UNITS or word in _TENS or (word in ("a", "an") and following in multipliers)
        ):
            i += 1
            continue
        total = current = 0
        while i < len(words):
            word = words[i]
            following = words[i + 1] if i + 1 < len(words) else ""
            fraction = _AND_FRACTIONS.get((following, *words[i + 2 : i + 3]))
            if word == "and" and fraction is not None:
                amount = Decimal(total + current) + fraction
                found.add(amount)
                i += 3
                if i < len(words) and words[i] in _SCALES:
                    found.add(amount * _SCALES[words[i]])
                    i += 1
                break
            if word in _UNITS:
                current += _UNITS[word]
                found.add(Decimal(_UNITS[word]))
            elif word in _TENS:
                current += _TENS[word]
            elif word in ("a", "an") and total == current == 0 and following in multipliers:
                current = 1
            elif word == "hundred":
                current = max(current, 1) * 100
            elif word == "dozen":
                current = max(current, 1) * 12
            elif word in _SCALES:
                total += max(current, 1) * _SCALES[word]
                current = 0
            elif not (word == "and" and (following in _UNITS or following in _TENS)):
                break
            i += 1
        found.add(Decimal(total + current))
    return found


_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, 1)} | {"sept": 9}


@functools.lru_cache(maxsize=4096)
def months_in(text: str) -> frozenset[int]:
    """The months named in `text` (capitalised full names and three-letter abbreviations)."""
    found: set[int] = set()
    for word in _WORD.findall(text):
        lowered = word.lower()
        if not word[0].isupper():  # "may" is a verb, "May" a month
            continue
        if lowered in MONTHS:
            found.add(MONTHS.index(lowered) + 1)
        elif lowered in _ABBREVIATIONS:
            found.add(_ABBREVIATIONS[lowered])
    return frozenset(found)


@dataclass(frozen=True)
class Stated:
    """One number a value asserts: what it is (for the message) and how it may be read."""

    what: str
    readings: frozenset[Decimal]
    month: int = 0  # a month may also be read by name

    def shown(self) -> str:
        return self.what


def value_numbers(value: Value) -> list[Stated]:
    """The numbers `value` asserts, each with the readings that would support it."""
    if isinstance(value, QuantityValue):
        stated = [Stated(f"the amount {value.amount}", frozenset({abs(Decimal(value.amount))}))]
        for name, bound in (("lower bound", value.lower), ("upper bound", value.upper)):
            if bound is not None and bound != value.amount:
                stated.append(Stated(f"the {name} {bound}", frozenset({abs(Decimal(bound))})))
        return stated
    if isinstance(value, TimeValue):
        return _time_numbers(value)
    if isinstance(value, StringValue | MonolingualValue):
        return [
            Stated(f"the number {n} in {value.text!r}", frozenset({n}))
            for n in sorted(numbers_in(value.text))
        ]
    return []


def _time_numbers(value: TimeValue) -> list[Stated]:
    year = value.year
    if value.precision <= 6:
        return []
    if value.precision == 7:  # a century: "14th century" is 1301-1400
        centuries = {Decimal((year - 1) // 100 + 1), Decimal(year // 100 + 1), Decimal(year // 100)}
        return [Stated(f"the century of {year:04d}", frozenset(centuries))]
    if value.precision == 8:
        return [Stated(f"the decade {year // 10 * 10:04d}s", frozenset({Decimal(year // 10 * 10)}))]
    stated = [Stated(f"the year {year:04d}", frozenset({Decimal(year)}))]
    if value.precision >= 10 and value.month:
        stated.append(
            Stated(
                f"the month {MONTHS[value.month - 1].title()}",
                frozenset({Decimal(value.month)}),
                value.month,
            )
        )
    if value.precision >= 11 and value.day:
        stated.append(Stated(f"the day {value.day}", frozenset({Decimal(value.day)})))
    return stated


def unsupported(stated: Iterable[Stated], passages: Iterable[str]) -> list[Stated]:
    """The stated numbers that no passage gives."""
    texts = list(passages)
    numbers: set[Decimal] = set()
    months: set[int] = set()
    for text in texts:
        numbers |= numbers_in(text)
        months |= months_in(text)
    return [s for s in stated if not (s.readings & numbers or (s.month and s.month in months))]


def describe_numbers(passages: Iterable[str]) -> str:
    """The numbers written in digits in the passages, for a message: "1937, 7000"."""
    numbers: set[Decimal] = set()
    for text in passages:
        numbers |= {abs(Decimal(_digits(m))) for m in _NUMBER.finditer(text)}
    if not numbers:
        return "no number in digits"
    return ", ".join(plain_decimal(n) for n in sorted(numbers))


def _digits(match: re.Match[str]) -> str:
    digits = match["int"].replace(",", "")
    for space in _GROUP_SPACES:
        digits = digits.replace(space, "")
    return digits + (match["frac"] or "")
