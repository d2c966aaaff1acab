"""Site, shared: amounts and dates as an English page writes them, beside their machine forms.

Amounts are grouped in thousands with a comma (84,875), the decimal point stays a point,
and a negative amount takes the minus sign U+2212 (what English typesetting and screen
readers read as "minus"); the page keeps the raw number where machines read it
(`<data value="84875">`). Dates are written to their Wikibase precision: 11 "13 December
1937", 10 "October 1937", 9 "1938", 8 "1930s", 7 "20th century", 6 "2nd millennium";
their machine form is ISO 8601 cut to the same precision ("1937-10", "1938"). ISO 8601 has
no form for a decade or a century that schema.org readers accept, so a coarser date has no
machine form: the page writes it in words and the JSON-LD leaves it out rather than claim a
year it does not know.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from svg_rdf.curation.numbers import MONTHS as MONTH_WORDS
from svg_rdf.model import QuantityValue, TimeValue

MONTHS = tuple(month.title() for month in MONTH_WORDS)  # the words curation reads, capitalised
MINUS = "\u2212"


def grouped(amount: str) -> str:
    """A canonical decimal string with its whole part grouped in thousands:
    `84875` -> `84,875`, `-1234567.25` -> `\u22121,234,567.25`; every digit kept."""
    negative = amount.startswith("-")
    whole, point, fraction = amount.lstrip("+-").partition(".")
    if whole.isdigit():
        whole = format(int(whole), ",")
    return f"{MINUS if negative else ''}{whole}{point}{fraction}"


def bounds_text(value: QuantityValue, number: Callable[[str], str] = grouped) -> str:
    """The bounds as words after the amount: `± 50`, `between 0 and 600`, `at least 400`;
    empty when the amount has none. `number` writes each number (a raw decimal string)."""
    lower, upper = value.lower, value.upper
    if lower is not None and upper is not None:
        amount = Decimal(value.amount)
        below, above = amount - Decimal(lower), Decimal(upper) - amount
        if below == above and below != 0:
            return f"± {number(format(below.normalize(), 'f'))}"
        return f"between {number(lower)} and {number(upper)}"
    if lower is not None:
        return f"at least {number(lower)}"
    if upper is not None:
        return f"at most {number(upper)}"
    return ""


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def date_text(value: TimeValue) -> str:
    """The date in English words, to its precision and no finer."""
    year, precision = value.year, value.precision
    if precision >= 11:
        return f"{value.day} {MONTHS[value.month - 1]} {year}"
    if precision == 10:
        return f"{MONTHS[value.month - 1]} {year}"
    if precision == 9:
        return str(year)
    if precision == 8:
        return f"{year // 10 * 10}s"
    if precision == 7:
        return f"{ordinal((year - 1) // 100 + 1)} century"
    if precision == 6:
        return f"{ordinal((year - 1) // 1000 + 1)} millennium"
    return f"{year} (within {10 ** (9 - precision):,} years)"


def iso_date(value: TimeValue) -> str | None:
    """ISO 8601 cut to the precision (`1937-12-13`, `1937-10`, `1938`); None when coarser
    than a year."""
    return value.display() if value.precision >= 9 else None


def date_span(value: TimeValue) -> tuple[int, int]:
    """The first and last year the date may fall in (1930s: 1930-1939; 20th century:
    1901-2000)."""
    year, precision = value.year, value.precision
    if precision >= 9:
        return (year, year)
    if precision == 8:
        return (year // 10 * 10, year // 10 * 10 + 9)
    if precision in (6, 7):
        size = 100 if precision == 7 else 1000
        first = (year - 1) // size * size + 1
        return (first, first + size - 1)
    size = 10 ** (9 - precision)
    return (year // size * size, year // size * size + size - 1)


def date_order(value: TimeValue) -> tuple[int, int, int, int]:
    """Sorts dates in time: by the span's first year, a coarser date before the finer
    dates inside it, an unknown month or day before the known ones."""
    first, _ = date_span(value)
    month = value.month if value.precision >= 10 else 0
    day = value.day if value.precision >= 11 else 0
    return (first, min(value.precision, 9), month, day)
