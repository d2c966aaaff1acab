"""The real QuickStatements V1 parser (PHP, ../shared/oracles/quickstatements) as a test oracle.

`read(text)` runs the tool's own `importDataFromV1` and `compressCommands` on a batch and
returns what the tool would do, by meaning: for each statement (item, property, value)
its qualifiers and its references, each reference as the block of snaks the tool sends.
It follows the tool's behaviour as observed with the oracle (see its README):

- after `CREATE`, compression folds the `LAST` lines into the new item's claims; there
  `!S` starts a separate reference;
- on an existing item each line is sent on its own, and all reference snaks of one line
  become ONE reference whatever `!S` says (so a second reference needs a second line);
- the tool finds an existing statement by property and value, so lines with the same
  item, property and value add to one statement.

Values are compared by meaning (an amount as a number, a time with its precision and
calendar). Errors are every command the tool marks with `error` and every value it
could not read (`"type": "unknown"`, which the parser leaves in qualifiers and
references without an error message). It imports nothing from svg_rdf.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.needs import SHARED, missing

ORACLE = SHARED / "oracles" / "quickstatements"
HARNESS = ORACLE / "harness.php"

Value = tuple[Any, ...]
Snak = tuple[str, Value]


def require_php() -> str:
    """The php program; skips the test when it (or mbstring, or the oracle) is missing,
    but fails it when CI=true, where .ci/run must have installed them."""
    problem = None
    php = shutil.which("php")
    if not HARNESS.exists():
        problem = f"the QuickStatements oracle is missing at {HARNESS}"
    elif php is None:
        problem = "php is not installed (apt-get install -y php-cli php-mbstring)"
    else:
        modules = subprocess.run([php, "-m"], capture_output=True, text=True, check=False)
        if "mbstring" not in modules.stdout.split():
            problem = "php has no mbstring (apt-get install -y php-mbstring)"
    if problem is not None:
        missing(problem, "CI must run the real QuickStatements parser")
    assert php is not None
    return php


def run(text: str, *, compress: bool = True) -> dict[str, Any]:
    """The harness's JSON for a batch: `status` and the `commands` the tool would run."""
    php = require_php()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "batch.qs"
        path.write_bytes(text.encode("utf-8"))
        done = subprocess.run(
            [php, str(HARNESS), str(path), "1" if compress else "0"],
            capture_output=True,
            check=True,
            timeout=120,
        )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def value_of(datavalue: dict[str, Any]) -> Value:
    """A Wikibase datavalue by meaning."""
    kind, value = datavalue["type"], datavalue.get("value")
    if kind == "wikibase-entityid":
        return ("item", value["id"])
    if kind == "string":
        return ("string", value)
    if kind == "monolingualtext":
        return ("monolingual", value["language"], value["text"])
    if kind == "time":
        return ("time", value["time"], int(value["precision"]), value["calendarmodel"])
    if kind == "quantity":
        bounds = [
            None if value.get(key) is None else Decimal(str(value[key]))
            for key in ("lowerBound", "upperBound")
        ]
        return ("quantity", Decimal(str(value["amount"])), bounds[0], bounds[1], value["unit"])
    return ("unreadable", json.dumps(datavalue, sort_keys=True))


def _errors(node: Any, where: str, out: list[str]) -> None:
    if isinstance(node, dict):
        if "error" in node:
            out.append(f"{where}: {node['error']}")
        if node.get("type") == "unknown":
            out.append(f"{where}: unreadable value {node.get('text')!r}")
        for child in node.values():
            _errors(child, where, out)
    elif isinstance(node, list):
        for child in node:
            _errors(child, where, out)


def errors(result: dict[str, Any]) -> list[str]:
    """Everything the tool would refuse or misread, one entry per problem."""
    out = [] if result.get("status") == "OK" else [f"status {result.get('status')!r}"]
    for number, command in enumerate(result.get("commands", []), 1):
        _errors(command, f"command {number} ({command.get('action')} {command.get('what')})", out)
    return out


@dataclass
class Statement:
    """One statement as the tool would leave it: qualifiers (a set) and references."""

    qualifiers: set[Snak] = field(default_factory=set)
    references: list[tuple[Snak, ...]] = field(default_factory=list)


@dataclass
class Created:
    """An item the batch creates, named `new:<English label>`."""

    labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    aliases: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Meaning:
    """The whole batch by meaning."""

    statements: dict[tuple[str, str, Value], Statement]
    created: dict[str, Created]
    commands: int


def _snaks(sources: list[dict[str, Any]]) -> tuple[Snak, ...]:
    return tuple((s["prop"], value_of(s["value"])) for s in sources)


def read(text: str) -> Meaning:
    """Parse and compress like the web tool; raises AssertionError on any parser error."""
    result = run(text)
    problems = errors(result)
    assert not problems, "the QuickStatements parser reports: " + "; ".join(problems[:5])
    statements: dict[tuple[str, str, Value], Statement] = defaultdict(Statement)
    created: dict[str, Created] = {}
    last: str | None = None
    for command in result["commands"]:
        if command["action"] != "add" and command["action"] != "create":
            raise AssertionError(f"unexpected command {command['action']!r}")
        if command["action"] == "create":
            data = command.get("data", {})
            new = Created(
                labels={k: v["value"] for k, v in data.get("labels", {}).items()},
                descriptions={k: v["value"] for k, v in data.get("descriptions", {}).items()},
                aliases={
                    (a["language"], a["value"])
                    for group in data.get("aliases", {}).values()
                    for a in group
                },
            )
            last = f"new:{new.labels.get('en')}"
            assert last not in created, f"two created items are labelled {last}"
            created[last] = new
            for claim in data.get("claims", []):
                snak = claim["mainsnak"]
                key = (last, snak["property"], value_of(snak["datavalue"]))
                statement = statements[key]
                statement.qualifiers |= {
                    (q["property"], value_of(q["datavalue"])) for q in claim.get("qualifiers", [])
                }
                for reference in claim.get("references", []):
                    statement.references.append(
                        tuple(
                            (pid, value_of(s["datavalue"]))
                            for pid, group in reference["snaks"].items()
                            for s in group
                        )
                    )
            continue
        item = command["item"]
        if item.upper() == "LAST":
            assert last is not None, "LAST before any CREATE"
            item = last
        what = command["what"]
        if what in ("label", "description", "alias"):
            raise AssertionError(f"terms outside a CREATE block: {command}")
        key = (item, command["property"], value_of(command["datavalue"]))
        statement = statements[key]
        if what == "qualifier":
            qualifier = command["qualifier"]
            statement.qualifiers.add((qualifier["prop"], value_of(qualifier["value"])))
        elif what == "sources":
            statement.references.append(_snaks(command["sources"]))  # one reference per line
        elif what != "statement":
            raise AssertionError(f"unexpected command {what!r}")
    for statement in statements.values():
        statement.references = sorted(
            (tuple(sorted(r, key=repr)) for r in statement.references), key=repr
        )
    return Meaning(dict(statements), created, len(result["commands"]))
