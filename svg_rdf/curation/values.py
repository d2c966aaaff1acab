"""Values: a curated value as written in a data file -> a typed Value for its datatype.

A value is written plainly (`value = 227`, `value = "1937-10"`, `value = "nanjing"`) and
read by the datatype the property table gives its property, or as a table with extra
fields (`{ value = 450, lower = 400 }`, `{ value = "1937", precision = 8 }`,
`{ value = 3, unit = "percent" }`: a unit is an entity's slug).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation
from typing import Any

from svg_rdf.curation.datafile import iri_problem
from svg_rdf.curation.suggest import did_you_mean, unknown_keys
from svg_rdf.model import (
    ItemValue,
    MonolingualValue,
    QuantityValue,
    StringValue,
    TimeValue,
    UrlValue,
    Value,
)

_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# "7.000", "1.200", "12.500": a thousands group after a point, its zeros dropped on reading.
_DOTTED_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$")

EXTRA_KEYS = {
    "wikibase-item": set(),
    "time": {"precision"},
    "quantity": {"lower", "upper", "unit"},
    "string": set(),
    "monolingualtext": {"language"},
    "url": set(),
}


class BadValue(Exception):
    """A value that does not fit its datatype; `key` names the offending field."""

    def __init__(self, message: str, fix: str, key: str = "value") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.key = key


def parse_value(
    spec: Any, datatype: str, *, entities: Collection[str], language: str = "en"
) -> Value:
    """The typed value of `spec` for `datatype`; raises BadValue saying how to fix it."""
    if isinstance(spec, dict):
        known = {"value"} | EXTRA_KEYS[datatype]
        unknown = set(spec) - known
        if unknown or "value" not in spec:
            what, fix = unknown_keys(unknown, known) if unknown else ("", "add value = ...")
            raise BadValue(
                f"a {datatype} value table has the keys {', '.join(sorted(known))}"
                + (f": {what}" if what else ""),
                fix,
            )
        extra = {k: v for k, v in spec.items() if k != "value"}
        spec = spec["value"]
    else:
        extra = {}
    return _PARSERS[datatype](spec, extra, entities, language)


def _item(spec: Any, extra: dict[str, Any], entities: Collection[str], _: str) -> Value:
    if not isinstance(spec, str):
        raise BadValue(f"{spec!r} is not an item", "write the slug of an entity in quotes")
    if spec not in entities:
        hint = did_you_mean(spec, entities)
        raise BadValue(
            f"unknown entity {spec!r}" + (f" ({hint})" if hint else ""),
            "add it to a file in seeds/entities/ or fix the slug",
        )
    return ItemValue(spec)


def _time(spec: Any, extra: dict[str, Any], entities: Collection[str], _: str) -> Value:
    if isinstance(spec, dt.datetime):
        raise BadValue(f"{spec} has a time of day", "write a date as YYYY, YYYY-MM or YYYY-MM-DD")
    if isinstance(spec, dt.date):
        spec = spec.isoformat()
    if isinstance(spec, int) and not isinstance(spec, bool):
        spec = f"{spec:04d}"
    match = _DATE.match(spec) if isinstance(spec, str) else None
    if match is None:
        raise BadValue(
            f"malformed date {spec!r}", 'write YYYY, YYYY-MM or YYYY-MM-DD, e.g. "1937-10"'
        )
    year, month, day = (int(match[k] or 0) for k in ("year", "month", "day"))
    implied = 11 if match["day"] else 10 if match["month"] else 9
    if year == 0 or (month and not 1 <= month <= 12):
        raise BadValue(f"malformed date {spec!r}", "the year starts at 0001, months run 01-12")
    if day:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise BadValue(f"malformed date {spec!r}: no such day", "check the day") from None
    precision = extra.get("precision", implied)
    if not isinstance(precision, int) or not 0 <= precision <= implied:
        raise BadValue(
            f"precision {precision!r} does not fit {spec!r}",
            f"use 0..{implied} (9 year, 10 month, 11 day) or drop precision",
            key="precision",
        )
    return TimeValue(year, month, day, precision)


class AmbiguousNumber(ValueError):
    """A number whose reading depends on the writer's conventions ("7.000", "7,00", 7.0)."""


def canonical_decimal(spec: Any) -> str | None:
    """The canonical decimal string of an int, float or numeric string; None if not one.

    Raises AmbiguousNumber for a form a reader could take two ways: "7.000" (7, or 7000
    with a continental separator), "7,00" (commas that do not group thousands), and a
    float with a zero fraction (TOML `7.000` arrives as 7.0, the digits lost).
    """
    if isinstance(spec, bool):
        return None
    if isinstance(spec, int):
        return str(spec)
    if isinstance(spec, float):
        if spec.is_integer():
            raise AmbiguousNumber(
                f"{spec!r} has a zero fraction (TOML reads 7.000 as 7.0)",
                f"write {int(spec)} for the number {int(spec)}, or {int(spec * 1000)} for "
                f"{int(spec)} thousand",
            )
        spec = repr(spec)
    if not isinstance(spec, str):
        return None
    if "," in spec and not _GROUPED.match(spec):
        raise AmbiguousNumber(
            f"{spec!r}: commas must separate groups of three digits",
            'write the number without separators, e.g. "7000" or "7.5"',
        )
    if _DOTTED_THOUSANDS.match(spec) and spec.endswith("0"):
        whole = spec.replace(".", "").lstrip("+")
        raise AmbiguousNumber(
            f"{spec!r} reads as {canonical_decimal(spec.rstrip('0').rstrip('.'))} or as "
            f"{whole} (a point between thousands)",
            f'write "{whole}" for {whole}, or drop the trailing zeros',
        )
    if not _NUMBER.match(spec.replace(",", "")):
        return None
    try:
        number = Decimal(spec.replace(",", ""))
    except InvalidOperation:
        return None
    text = plain_decimal(number)
    return "0" if text in ("-0", "+0") else text.lstrip("+")


def plain_decimal(number: Decimal) -> str:
    """`number` in plain notation (no exponent), without trailing zeros after the point."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _decimal(spec: Any, key: str) -> str | None:
    try:
        return canonical_decimal(spec)
    except AmbiguousNumber as exc:
        message, fix = exc.args
        raise BadValue(f"ambiguous number {message}", fix, key=key) from None


def _quantity(spec: Any, extra: dict[str, Any], entities: Collection[str], _: str) -> Value:
    amount = _decimal(spec, "value")
    if amount is None:
        raise BadValue(f"{spec!r} is not a number", 'write a quantity as 227 or "3.5"')
    bounds: dict[str, str | None] = {}
    for key in ("lower", "upper"):
        bounds[key] = None if key not in extra else _decimal(extra[key], key)
        if key in extra and bounds[key] is None:
            raise BadValue(f"{key} {extra[key]!r} is not a number", "write a number", key=key)
    lower, upper = bounds["lower"], bounds["upper"]
    if (lower is not None and Decimal(lower) > Decimal(amount)) or (
        upper is not None and Decimal(upper) < Decimal(amount)
    ):
        raise BadValue(
            f"bounds [{lower}, {upper}] do not contain {amount}",
            "lower <= value <= upper",
            key="lower" if lower is not None else "upper",
        )
    unit = extra.get("unit")
    if unit is not None and (not isinstance(unit, str) or unit not in entities):
        raise BadValue(
            f"unknown unit {unit!r}",
            'write the slug of the unit\'s entity (seeds/entities/), e.g. unit = "percent"',
            key="unit",
        )
    return QuantityValue(amount, lower, upper, unit)


def _string(spec: Any, extra: dict[str, Any], entities: Collection[str], _: str) -> Value:
    if not isinstance(spec, str) or not spec:
        raise BadValue(f"{spec!r} is not a string", "write the text in double quotes")
    return StringValue(spec)


def _monolingual(
    spec: Any, extra: dict[str, Any], entities: Collection[str], language: str
) -> Value:
    if not isinstance(spec, str) or not spec:
        raise BadValue(f"{spec!r} is not a text", "write the text in double quotes")
    language = extra.get("language", language)
    if not isinstance(language, str) or not _LANGUAGE.match(language):
        raise BadValue(
            f"bad language tag {language!r}", "use a code such as en or ru", key="language"
        )
    return MonolingualValue(spec, language)


def _url(spec: Any, extra: dict[str, Any], entities: Collection[str], _: str) -> Value:
    if not isinstance(spec, str) or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", spec):
        raise BadValue(f"{spec!r} is not a URL", "write an http(s) address")
    problem = iri_problem(spec)
    if problem is not None:
        raise BadValue(f"{spec!r} is not a URL ({problem})", "write an http(s) address")
    return UrlValue(spec)


_PARSERS: dict[str, Callable[[Any, dict[str, Any], Collection[str], str], Value]] = {
    "wikibase-item": _item,
    "time": _time,
    "quantity": _quantity,
    "string": _string,
    "monolingualtext": _monolingual,
    "url": _url,
}
