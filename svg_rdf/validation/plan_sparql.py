"""The compiled checks (compile_sparql.py) as the queries the embedded store runs fastest.

Each `Check` carries a portable query (one SELECT per constraint: the focus nodes, then the
violation pattern), which `check --endpoint` sends as it is. In the one pyoxigraph store of
`check` the same findings come from fewer and cheaper queries (measured on a 1M-triple
graph; docs/validation.md):

- the checks whose result names no value of their own (sh:minCount, sh:maxCount, the
  qualified counts, sh:hasValue, a node shape's own constraints), grouped by their focus
  nodes: one query per group enumerates the focus nodes once and sets bit i of `?fails`
  when check i has a violation there (a group of one check without a count of 1 runs
  its own query);
  Of those, sh:maxCount 1 (with its sh:minCount 1) and the qualified counts of 1 on one
  predicate are first asked together over the focus nodes (`_pretest`): one look-up per
  count and focus node where the batch makes three; only when a focus node has two values
  or none do they run in the batch;
- the checks whose violation pattern starts by binding ?this and a value on a path without
  a zero-length step (sh:datatype, sh:class, sh:in, sh:lessThan, ...): the path's triples
  are scanned with the test first, and only the few failing pairs are asked whether ?this
  is a focus node. Each is a `Scan`: a probe (the violation pattern alone, `LIMIT 1`)
  runs first, and the scan only when the probe finds a solution, because Oxigraph moves
  the focus test of the scan query ahead of the value test and asks it of every value
  (at 1M triples the scan of oa:exact took 0.105 s, the pattern alone 0.053 s).

Both are joins written in another order, so the findings are the same (tests/test_engines.py
compares them with pyshacl-turbo's on the broken corpus).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from svg_rdf.validation.compile_sparql import Check
from svg_rdf.validation.compile_vocab import closing

__all__ = ["Batch", "Scan", "local_plan", "pretest_query"]

BITS = 60  # checks per batch: ?fails stays within a 64-bit integer
_VARIABLE = re.compile(r"\?v[0-9]+")
_ONE_CLASS = re.compile(
    r"\{ \?this <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> <[^>]*> \. \}"
)


# The bodies compile_constraints.atleast gives sh:minCount 1 and sh:maxCount 1 (and the
# qualified ones) on one predicate: the predicate, the value variables, their conditions.
_MIN_ONE = re.compile(
    r"FILTER NOT EXISTS \{ \?this (<[^<>\s]*>) (\?v[0-9]+) \.(?: FILTER\((.*)\))? \}"
)
_MAX_ONE = re.compile(
    r"FILTER EXISTS \{ \?this (<[^<>\s]*>) (\?v[0-9]+) \. \?this \1 (\?v[0-9]+) \."
    r"(?: FILTER\((.*)\) FILTER\((.*)\))? FILTER\(!sameTerm\(\2, \3\)\) \}"
)
_COUNTED = "?svgCounted"


@dataclass(frozen=True)
class Batch:
    """Checks on one set of focus nodes as one query: a row per focus node with a
    violation, bit i of its `?fails` set when `checks[i]` has one. With a `pretest`
    (`_pretest`, which also gives `foci`), `rest` is all that needs to run when it finds
    no violation of the counted checks (None: nothing)."""

    query: str
    checks: tuple[Check, ...]
    foci: str = ""
    pretest: str = ""
    rest: Batch | None = None


@dataclass(frozen=True)
class Scan:
    """A check whose query scans the values first (`scan_query`), and its probe: a query
    with a row exactly when the violation pattern has a solution anywhere. No solution,
    no violation (the check's rows are some of the pattern's solutions), so the check's
    query runs only after a probe with a row."""

    check: Check
    probe: str


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


def _renamed(text: str, old: str, new: str) -> str:
    return re.sub(re.escape(old) + r"(?![0-9])", new, text)


def _counted(check: Check) -> tuple[str, bool] | None:
    """(the pattern binding ?svgCounted to each value `check` counts at a bound ?this,
    whether the check is the maximum) when it is a count of 1 on one predicate, else
    None. Only the exact forms compile_constraints gives: anything else is not counted."""
    found = _MIN_ONE.fullmatch(check.body)
    if found is not None:
        predicate, value, test = found.groups()
        maximum = False
    else:
        found = _MAX_ONE.fullmatch(check.body)
        if found is None:
            return None
        predicate, value, other, test, other_test = found.groups()
        if (test is None) != (other_test is None) or (
            test is not None and _renamed(test, value, other) != other_test
        ):
            return None
        maximum = True
    if test is not None and "?this" in test:
        return None
    where = f" FILTER({_renamed(test, value, _COUNTED)})" if test is not None else ""
    return f"?this {predicate} {_COUNTED} .{where}", maximum


def _count_key(check: Check) -> tuple[str, bool] | None:
    """`_counted`, its variables numbered by appearance: the same count of two checks (the
    minimum and the maximum of one predicate) gets one key."""
    found = _counted(check)
    return None if found is None else (_same_focus(found[0]), found[1])


def _pretest(targets: str, counted: dict[str, bool]) -> tuple[str, str]:
    """The focus nodes' count, and a query with a row per combination of the focus nodes'
    values of each counted pattern (`counted`: pattern -> whether a minimum of 1 applies;
    an OPTIONAL each, so a focus node has max(1, n) rows per pattern with n values) and
    ?svgMissing, how many patterns with a minimum it has no value of. So no counted check
    has a violation exactly when there are as many rows as focus nodes, none missing one
    (`pretest_query` asks that, reading no more than one row too many)."""
    patterns = sorted(counted.items())
    optional = " ".join(
        f"OPTIONAL {{ {_renamed(pattern, _COUNTED, f'{_COUNTED}{number}')} }}"
        for number, (pattern, _) in enumerate(patterns)
    )
    missing = " + ".join(
        f"IF(BOUND({_COUNTED}{number}), 0, 1)"
        for number, (_, minimum) in enumerate(patterns)
        if minimum
    )
    return (
        f"SELECT (COUNT(*) AS ?foci) WHERE {{ {targets} }}",
        f"SELECT ?svgMissing WHERE {{ {targets} {optional} BIND({missing or 0} AS ?svgMissing) }}",
    )


def pretest_query(batch: Batch, foci: int) -> str:
    """The pretest of `batch` (with `foci` focus nodes): one row, ?rows (at most foci + 1:
    a focus node with many values of several patterns multiplies rows) and ?missing."""
    return (
        f"SELECT (COUNT(*) AS ?rows) (SUM(?svgMissing) AS ?missing) "
        f"WHERE {{ {{ {batch.pretest} LIMIT {foci + 1} }} }}"
    )


def _query(checks: Sequence[Check], targets: str) -> str:
    fails = " + ".join(
        f"IF({_failing(check.body)}, {1 << number}, 0)" for number, check in enumerate(checks)
    )
    return f"SELECT ?this ?fails WHERE {{ {targets} BIND({fails} AS ?fails) FILTER(?fails != 0) }}"


def _batch(checks: Sequence[Check]) -> Check | Batch:
    targets = checks[0].targets
    if not _ONE_CLASS.fullmatch(targets):  # one rdf:type pattern has no duplicate to drop
        targets = f"{{ SELECT DISTINCT ?this WHERE {{ {targets} }} }}"
    keys = [_count_key(check) for check in checks]
    maximal = {key[0] for key in keys if key is not None and key[1]}
    if not maximal:  # a minimum alone costs the pretest what it costs the batch
        # one check alone shares nothing: its own FILTER is cheaper than the IF of ?fails
        # (the class of pq:P585's subjects at 1M triples: 0.14 s against 0.30 s)
        return checks[0] if len(checks) == 1 else Batch(_query(checks, targets), tuple(checks))
    counted: dict[str, bool] = {}  # pattern -> whether a minimum of 1 applies
    kept: list[Check] = []
    for check, key in zip(checks, keys, strict=True):
        if key is None or key[0] not in maximal:
            kept.append(check)
        else:
            counted[key[0]] = counted.get(key[0], False) or not key[1]
    rest = Batch(_query(kept, targets), tuple(kept)) if kept else None
    foci, pretest = _pretest(targets, counted)
    return Batch(_query(checks, targets), tuple(checks), foci, pretest, rest)


def scan_query(check: Check) -> str:
    """`check`'s query with the values scanned first and the focus asked last."""
    return (
        f"SELECT DISTINCT {check.projection} WHERE {{ {{ SELECT DISTINCT * WHERE {{ "
        f"{check.body} }} }} FILTER EXISTS {{ {check.targets} }} }}"
    )


def probe_query(check: Check) -> str:
    """A query with one row when `check`'s violation pattern has a solution, none when it
    has none."""
    return f"SELECT * WHERE {{ {check.body} }} LIMIT 1"


def local_plan(checks: Sequence[Check]) -> list[Check | Batch | Scan]:
    """`checks` as batches, scans (a single check's query rewritten to scan its values
    first where it can) and single queries, in a stable order."""
    groups: dict[str, list[Check]] = {}
    plan: list[Check | Batch | Scan] = []
    for check in checks:
        if _batchable(check):
            groups.setdefault(_same_focus(check.targets), []).append(check)
        elif check.scan_path:
            plan.append(Scan(replace(check, query=scan_query(check)), probe_query(check)))
        else:
            plan.append(check)
    for members in groups.values():
        for start in range(0, len(members), BITS):
            plan.append(_batch(members[start : start + BITS]))
    return plan
