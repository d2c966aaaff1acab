"""A QuickStatements v1 reader for the tests, written from the reference parsers' grammar.

It follows magnusmanske/quickstatements (`importDataFromV1`, `parseValueV1`) and
wikimediabrasil/quickstatements3 (`src/core/parsers/v1.py`, `base.py`): TAB-separated
columns; `CREATE`; `Qnnn`/`LAST` then `L`/`D`/`A` + language and a quoted string; or a
property, a value, an optional QuickStatements 3 rank column, then `Pnnn value`
qualifier pairs and `Snnn value` reference pairs where `!Snnn` opens a new reference
group; a trailing `/* ... */` is the edit summary. Values: `Qnnn`, `"string"`
(greedy: inner quotes belong to the string), `lang:"text"`, `+YYYY-MM-DDThh:mm:ssZ/p`,
`amount`, `amount~d`, `amountUnnn`. It is stricter than the tools where our output
must be: a time without `/p` (the tools quietly read year precision) is an error.
It imports nothing from svg_rdf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
JULIAN = "http://www.wikidata.org/entity/Q1985786"
RANKS = {
    "R-": "deprecated",
    "R0": "normal",
    "R+": "preferred",
    "Rdeprecated": "deprecated",
    "Rnormal": "normal",
    "Rpreferred": "preferred",
}
_SUMMARY = re.compile(r"^(.*?)\s*/\*\s*(.*?)\s*\*/\s*$")
_ITEM = re.compile(r"^(Q\d+|LAST)$")
_TERM = re.compile(r"^([LDA])([a-z_-]+)$")
_PROPERTY = re.compile(r"^P\d+$")
_STRING = re.compile(r'^"(.*)"$')
_MONOLINGUAL = re.compile(r'^([a-z_-]+):"(.*)"$')
_TIME = re.compile(r"^([+-])(\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z/(\d+)(/J)?$")
_QUANTITY = re.compile(r"^([+-]?\d+(?:\.\d+)?)(?:~([+-]?\d+(?:\.\d+)?))?(?:U(\d+))?$")


class QsSyntaxError(Exception):
    """A line the reference grammar does not accept."""


@dataclass(frozen=True, order=True)
class Item:
    qid: str


@dataclass(frozen=True, order=True)
class String:
    text: str


@dataclass(frozen=True, order=True)
class Monolingual:
    language: str
    text: str


@dataclass(frozen=True, order=True)
class Time:
    time: str
    precision: int
    calendar: str


@dataclass(frozen=True, order=True)
class Quantity:
    amount: Decimal
    lower: Decimal | None
    upper: Decimal | None
    unit: str


QsValue = Item | String | Monolingual | Time | Quantity


@dataclass(frozen=True)
class Create:
    line: int


@dataclass(frozen=True)
class Term:
    line: int
    item: str
    kind: str  # L, D or A
    language: str
    text: str
    summary: str | None


@dataclass(frozen=True)
class Statement:
    line: int
    item: str
    property: str
    value: QsValue
    rank: str
    qualifiers: tuple[tuple[str, QsValue], ...]
    references: tuple[tuple[tuple[str, QsValue], ...], ...]
    summary: str | None


Command = Create | Term | Statement


def parse_value(token: str) -> QsValue:
    """One value token; raises QsSyntaxError for anything outside the grammar."""
    token = token.strip()
    if _ITEM.match(token) and token != "LAST":
        return Item(token)
    if match := _STRING.match(token):
        return String(match[1].strip())
    if match := _MONOLINGUAL.match(token):
        return Monolingual(match[1], match[2].strip())
    if match := _TIME.match(token):
        sign, year, month, day = match[1], match[2], match[3], match[4]
        time = f"{sign}{year}-{month}-{day}T{match[5]}:{match[6]}:{match[7]}Z"
        return Time(time, int(match[8]), JULIAN if match[9] else GREGORIAN)
    if match := _QUANTITY.match(token):
        amount = Decimal(match[1])
        unit = f"http://www.wikidata.org/entity/Q{match[3]}" if match[3] else "1"
        if match[2] is None:
            return Quantity(amount, None, None, unit)
        error = Decimal(match[2])
        return Quantity(amount, amount - error, amount + error, unit)
    raise QsSyntaxError(f"unknown value format {token!r}")


def parse_line(number: int, raw: str) -> Command:
    summary = None
    if match := _SUMMARY.match(raw):
        raw, summary = match[1], match[2]
    columns = raw.split("\t")
    if columns == ["CREATE"]:
        return Create(number)
    if len(columns) < 3 or not _ITEM.match(columns[0]):
        raise QsSyntaxError(f"line {number}: not a command: {raw!r}")
    item = columns[0]
    if (term := _TERM.match(columns[1])) and len(columns) == 3:
        value = parse_value(columns[2])
        if not isinstance(value, String):
            raise QsSyntaxError(f"line {number}: a label, description or alias is a string")
        return Term(number, item, term[1], term[2], value.text, summary)
    if not _PROPERTY.match(columns[1]):
        raise QsSyntaxError(f"line {number}: bad property {columns[1]!r}")
    value = parse_value(columns[2])
    rest = columns[3:]
    rank = "normal"
    if rest and rest[0] in RANKS:
        rank = RANKS[rest.pop(0)]
    if len(rest) % 2:
        raise QsSyntaxError(f"line {number}: incomplete qualifier/reference list")
    qualifiers: list[tuple[str, QsValue]] = []
    groups: list[list[tuple[str, QsValue]]] = []
    for key, token in zip(rest[::2], rest[1::2], strict=True):
        snak_value = parse_value(token)
        if _PROPERTY.match(key):
            qualifiers.append((key, snak_value))
        elif match := re.match(r"^(!?)S(\d+)$", key):
            if match[1] or not groups:
                groups.append([])
            groups[-1].append((f"P{match[2]}", snak_value))
        else:
            raise QsSyntaxError(f"line {number}: bad key {key!r}")
    return Statement(
        number,
        item,
        columns[1],
        value,
        rank,
        tuple(qualifiers),
        tuple(tuple(g) for g in groups),
        summary,
    )


def parse(text: str) -> list[Command]:
    """Every command of a file; the file must end with a newline and hold no blank line."""
    if text and not text.endswith("\n"):
        raise QsSyntaxError("the last line has no newline")
    lines = text.split("\n")[:-1] if text else []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            raise QsSyntaxError(f"line {number} is blank")
    return [parse_line(number, line) for number, line in enumerate(lines, 1)]


@dataclass
class NewItem:
    """An item a file creates: its terms, named after its English label."""

    labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)


def resolve(commands: list[Command]) -> tuple[list[Statement], dict[str, NewItem]]:
    """Statements with LAST replaced by `new:<English label>` of the item it refers to."""
    created: list[NewItem] = []
    out: list[Statement] = []
    for command in commands:
        if isinstance(command, Create):
            created.append(NewItem())
            continue
        if command.item == "LAST" and not created:
            raise QsSyntaxError(f"line {command.line}: LAST before any CREATE")
        if isinstance(command, Term):
            if command.item != "LAST":
                raise QsSyntaxError(f"line {command.line}: the export sets terms only on new items")
            new = created[-1]
            if command.kind == "L":
                new.labels[command.language] = command.text
            elif command.kind == "D":
                new.descriptions[command.language] = command.text
            else:
                new.aliases.append((command.language, command.text))
            continue
        if command.item == "LAST":
            command = replace(command, item=f"new:{created[-1].labels['en']}")
        out.append(command)
    return out, {f"new:{new.labels['en']}": new for new in created}
