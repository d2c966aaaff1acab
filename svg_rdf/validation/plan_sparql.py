"""The compiled checks (compile_sparql.py) as the queries the embedded store runs fastest.

Each `Check` carries a portable query (one SELECT per constraint: the focus nodes, then the
violation pattern), which `check --endpoint` sends as it is. In the one pyoxigraph store of
`check` the same findings come from fewer and cheaper queries (measured on a 1M-triple
graph; docs/validation.md):

- the checks whose result names no value of their own (sh:minCount, sh:maxCount, the
  qualified counts, sh:hasValue, a node shape's own constraints), grouped by their focus
  nodes: one query per group enumerates the focus nodes once and sets bit i of `?fails`
  when check i has a violation there;
- the checks whose violation pattern starts by binding ?this and a value on a path without
  a zero-length step (sh:datatype, sh:class, sh:in, sh:lessThan, ...): the path's triples
  are scanned with the test first, and only the few failing pairs are asked whether ?this
  is a focus node.

Both are joins written in another order, so the findings are the same (tests/test_engines.py
compares them with pyshacl-turbo's on the broken corpus).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from svg_rdf.validation.compile_sparql import Check
from svg_rdf.validation.compile_vocab import closing

__all__ = ["Batch", "local_plan"]

BITS = 60  # checks per batch: ?fails stays within a 64-bit integer
_VARIABLE = re.compile(r"\?v[0-9]+")
_ONE_CLASS = re.compile(
    r"\{ \?this <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> <[^>]*> \. \}"
)


@dataclass(frozen=True)
class Batch:
    """Checks on one set of focus nodes as one query: a row per focus node with a
    violation, bit i of its `?fails` set when `checks[i]` has one."""

    query: str
    checks: tuple[Check, ...]


def _failing(body: str) -> str:
    """An expression true at a bound ?this when the violation pattern `body` has a
    solution there (an error counts as none, as in the query's FILTER)."""
    text = body.strip()
    if text.startswith("FILTER(") and closing(text, 6, "()") == len(text) - 1:
        test = text[6:]
    else:
        test = f"EXISTS {{ {text} }}"
        for prefix, form in (
            ("FILTER NOT EXISTS {", "NOT EXISTS "),
            ("FILTER EXISTS {", "EXISTS "),
        ):
            if text.startswith(prefix) and closing(text, len(prefix) - 1, "{}") == len(text) - 1:
                test = form + text[len(prefix) - 1 :]
                break
    return f"COALESCE({test}, false)"


def _batchable(check: Check) -> bool:
    # a sub-SELECT inside EXISTS would be evaluated whole at every focus node
    return bool(check.targets) and check.value != "value" and "SELECT" not in check.body


def _same_focus(targets: str) -> str:
    """`targets` with its fresh variables numbered by appearance: two shapes whose focus
    nodes are found alike get the same key."""
    names: dict[str, str] = {}
    return _VARIABLE.sub(lambda m: names.setdefault(m.group(0), f"?f{len(names)}"), targets)


def _batch(checks: Sequence[Check]) -> Batch:
    fails = " + ".join(
        f"IF({_failing(check.body)}, {1 << number}, 0)" for number, check in enumerate(checks)
    )
    targets = checks[0].targets
    if not _ONE_CLASS.fullmatch(targets):  # one rdf:type pattern has no duplicate to drop
        targets = f"{{ SELECT DISTINCT ?this WHERE {{ {targets} }} }}"
    query = f"SELECT ?this ?fails WHERE {{ {targets} BIND({fails} AS ?fails) FILTER(?fails != 0) }}"
    return Batch(query, tuple(checks))


def scan_query(check: Check) -> str:
    """`check`'s query with the values scanned first and the focus asked last."""
    return (
        f"SELECT DISTINCT {check.projection} WHERE {{ {{ SELECT DISTINCT * WHERE {{ "
        f"{check.body} }} }} FILTER EXISTS {{ {check.targets} }} }}"
    )


def local_plan(checks: Sequence[Check]) -> list[Check | Batch]:
    """`checks` as batches and single queries (a single check's query rewritten to scan its
    values first where it can), in a stable order."""
    groups: dict[str, list[Check]] = {}
    plan: list[Check | Batch] = []
    for check in checks:
        if _batchable(check):
            groups.setdefault(_same_focus(check.targets), []).append(check)
        elif check.scan_path:
            plan.append(replace(check, query=scan_query(check)))
        else:
            plan.append(check)
    for members in groups.values():
        for start in range(0, len(members), BITS):
            plan.append(_batch(members[start : start + BITS]))
    return plan
