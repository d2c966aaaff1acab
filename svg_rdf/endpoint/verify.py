"""Verify a loaded graph: a count, then every triple sent looked up by its subject, in batches.

The triples sent come from `Expected` (expected.py): in memory, or in a store on disk for
a big file, read back grouped by subject; batches are made as the lookups go, at most
`IN_FLIGHT` ahead, so verifying holds a few batches, whatever the graph's size.

A graph is a set, so when the store counts exactly as many triples as were sent and holds
every one of them, it holds exactly them. The count is one row. The lookup reads the graph
back a batch of subjects at a time (`CONSTRUCT ... VALUES ?s {...}`, a few batches in
flight), each batch at most `BATCH_TRIPLES` triples and `BATCH_SUBJECTS` subjects. So no
second copy of the graph is held, no answer comes near a server's cap on result rows
(Virtuoso's `ResultSetMaxRows`, 10,000 as packaged, cuts a longer answer short without an
error), and a store of any size is verified as exactly as a small one. An answer that
still comes back short of its batch's own count was cut by such a cap: the batch is
halved and asked again, down to one subject.
"""

from __future__ import annotations

import itertools
import time
import urllib.parse
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from svg_rdf.endpoint.expected import Expected, Group, Subject, as_expected
from svg_rdf.endpoint.gsp import GRAPH_ACCEPT, Client, graph_label, select
from svg_rdf.endpoint.transport import Progress
from svg_rdf.errors import EndpointError

BATCH_TRIPLES = 2_000
"""Triples per lookup at most: a fifth of Virtuoso's packaged cap on result rows."""
BATCH_SUBJECTS = 1_000
"""Subjects per lookup at most: Virtuoso 7 refuses a VALUES of about 4,000 terms (SP030,
"Too many arguments"); the query text stays under about 100 KB."""
WORKERS = 4
"""Lookups in flight at once: enough to keep a multi-core store busy while the answers
are parsed, few enough not to crowd its other clients."""
IN_FLIGHT = 2 * WORKERS
"""Batches made ahead of the answers at most: what verifying holds besides them."""

FIX = (
    "another client may be writing to this graph, or the server rewrites literals; "
    "rerun svg-rdf load"
)
NO_COUNT_FIX = "check --query-url: it must be the server's SPARQL query service"


def _pattern(graph: str, subjects: Sequence[Subject] | None) -> str:
    # IRIs go in through pyoxigraph's serializer of validated terms, never as raw text.
    values = "" if subjects is None else f"VALUES ?s {{ {' '.join(map(str, subjects))} }} "
    return f"GRAPH {ox.NamedNode(graph)} {{ {values}?s ?p ?o }}"


def count_triples(client: Client, graph: str, subjects: Sequence[Subject] | None = None) -> int:
    """How many triples the query service sees in `graph` (with one of `subjects`, if given)."""
    query = f"SELECT (COUNT(*) AS ?triples) WHERE {{ {_pattern(graph, subjects)} }}"
    what = f"counting the triples of {graph_label(graph)}"
    bindings = select(client, query, what)
    try:
        return int(bindings[0]["triples"]["value"])
    except (IndexError, KeyError, ValueError):
        raise client.error(
            client.endpoint.query_url, f"{what}: the answer has no count", NO_COUNT_FIX
        ) from None


def read_triples(
    client: Client, graph: str, subjects: Sequence[Subject] | None = None
) -> set[ox.Triple]:
    """The triples the query service returns for `graph` (with one of `subjects`, if given).

    One CONSTRUCT: a server's cap on result rows cuts it short silently, so ask for more
    than a few thousand triples only of a store known to have no cap.
    """
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_pattern(graph, subjects)} }}"
    url = client.endpoint.query_url
    what = f"reading back {graph_label(graph)}"
    response, _ = client.request(
        "POST",
        url,
        what=what,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": GRAPH_ACCEPT},
        body=urllib.parse.urlencode({"query": query}).encode("utf-8"),
    )
    if response.status != 200:
        raise client.http_error(url, what, response)
    media_type = response.header("Content-Type") or ""
    rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if rdf_format is None:
        raise client.error(
            url,
            f"{what}: the answer is not RDF (Content-Type {media_type!r})",
            "check --query-url: it must be the server's SPARQL query service",
        )
    try:
        return {quad.triple for quad in ox.parse(response.body, format=rdf_format)}
    except SyntaxError as exc:
        raise client.error(
            url, f"{what}: the answer does not parse as {rdf_format}: {exc}", "check the server"
        ) from None


def batches(
    groups: Iterable[Group],
    size: int = BATCH_TRIPLES,
    subjects: int = BATCH_SUBJECTS,
) -> Iterator[dict[Subject, list[ox.Triple]]]:
    """`groups` (each subject once, with its triples) batched in their order, at most
    `size` triples and `subjects` subjects a batch (a subject with more triples is a batch
    of its own); made one at a time, so only the batches in flight are held."""
    batch: dict[Subject, list[ox.Triple]] = {}
    triples = 0
    for subject, group in groups:
        if batch and (triples + len(group) > size or len(batch) == subjects):
            yield batch
            batch, triples = {}, 0
        batch[subject] = group
        triples += len(group)
    if batch:
        yield batch


@dataclass(frozen=True)
class _Found:
    """Batches compared: how many sent triples are missing, how many held triples of their
    subjects were not sent, and the first examples of each."""

    missing: int = 0
    missing_examples: tuple[str, ...] = ()
    unexpected: int = 0
    unexpected_examples: tuple[str, ...] = ()

    def __add__(self, other: _Found) -> _Found:
        return _Found(
            self.missing + other.missing,
            _first(self.missing_examples, other.missing_examples),
            self.unexpected + other.unexpected,
            _first(self.unexpected_examples, other.unexpected_examples),
        )


def _first(*examples: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(example for group in examples for example in group)[:2])


def _compare_batch(client: Client, graph: str, batch: dict[Subject, list[ox.Triple]]) -> _Found:
    subjects = list(batch)
    wanted = {triple for group in batch.values() for triple in group}
    held = read_triples(client, graph, subjects)
    missing = wanted - held
    if missing and len(held) < count_triples(client, graph, subjects):
        # The answer was cut short by a cap on result rows, not by the store.
        if len(subjects) == 1:
            raise client.error(
                client.endpoint.query_url,
                f"reading back {graph_label(graph)}: the server cut its answer for "
                f"{subjects[0]} at {len(held)} triples",
                "raise the server's cap on result rows (Virtuoso: ResultSetMaxRows "
                "in [SPARQL] of virtuoso.ini)",
            )
        half = len(subjects) // 2
        first, second = (
            _compare_batch(client, graph, {subject: batch[subject] for subject in part})
            for part in (subjects[:half], subjects[half:])
        )
        return first + second
    unexpected = held - wanted
    return _Found(
        len(missing), _first(map(str, missing)), len(unexpected), _first(map(str, unexpected))
    )


def _look_up(client: Client, graph: str, expected: Expected, progress: Progress | None) -> _Found:
    """Every triple of `expected` looked up, `WORKERS` batches at a time and at most
    `IN_FLIGHT` made ahead (the first failure stops the rest)."""
    found = _Found()
    total, done = len(expected), 0
    if progress is not None:
        progress(0, total)
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="svg-rdf-verify") as pool:
        pending: deque[tuple[Future[_Found], int]] = deque()
        try:
            for batch in itertools.chain(
                batches(expected.groups(), BATCH_TRIPLES, BATCH_SUBJECTS), [None]
            ):
                if batch is not None:
                    size = sum(map(len, batch.values()))
                    pending.append((pool.submit(_compare_batch, client, graph, batch), size))
                while pending and (batch is None or len(pending) >= IN_FLIGHT):
                    future, size = pending.popleft()
                    found += future.result()
                    done += size
                    if progress is not None:
                        progress(done, total)
        finally:
            for future, _ in pending:
                future.cancel()
    return found


@dataclass(frozen=True)
class Difference:
    """What a graph holds beside what was sent: the count, and what the lookups of the
    sent triples found (None when they were not made)."""

    count: int
    sent: int
    found: _Found | None = None

    @property
    def missing(self) -> int:
        return 0 if self.found is None else self.found.missing

    @property
    def unexpected(self) -> int:
        """Triples held that were not sent: those the lookups saw, and those with
        subjects never sent (what the count has beyond the sent triples found)."""
        return max(0, self.count - self.sent + self.missing)

    @property
    def elsewhere(self) -> int:
        """Unexpected triples with subjects that were not sent (the lookups cannot see
        them; only the count does)."""
        seen = 0 if self.found is None else self.found.unexpected
        return max(0, self.unexpected - seen)

    @property
    def exact(self) -> bool:
        return self.count == self.sent and self.found is not None and not self.missing


def compare(
    client: Client,
    graph: str,
    triples: Expected | Collection[ox.Triple],
    *,
    look_up: bool = True,
    progress: Progress | None = None,
) -> Difference:
    """The count of `graph` and, with `look_up` or when it matches, every triple of
    `triples` looked up (`progress(triples, total)` is told as the lookups go)."""
    expected = as_expected(triples)
    count = count_triples(client, graph)
    if count != len(expected) and not look_up:
        return Difference(count, len(expected))
    return Difference(count, len(expected), _look_up(client, graph, expected, progress))


def _details(difference: Difference) -> str:
    found = difference.found
    if found is None or difference.exact:
        return ""
    parts = []
    if found.missing:
        parts.append(f"{found.missing} triples missing (e.g. {'; '.join(found.missing_examples)})")
    if difference.unexpected:
        shown = "; ".join(found.unexpected_examples)
        if difference.elsewhere and shown:
            shown += f"; and {difference.elsewhere} with subjects that were not sent"
        elif difference.elsewhere:
            shown = "with subjects that were not sent"
        else:
            shown = f"e.g. {shown}"
        parts.append(f"{difference.unexpected} unexpected ({shown})")
    return ", ".join(parts)


def verify_graph(
    client: Client,
    graph: str,
    expected: Expected | Collection[ox.Triple],
    *,
    progress: Progress | None = None,
) -> float:
    """Seconds it took to find the endpoint holds exactly `expected` in `graph`.

    Every sent triple is looked up even when the count differs, so the error names
    triples missing, changed or added (those with subjects that were not sent, by count).
    Raises EndpointError (naming the query service and the graph) when it does not.
    """
    start = time.perf_counter()
    difference = compare(client, graph, expected, progress=progress)
    url = client.endpoint.query_url
    details = _details(difference)
    if difference.count != difference.sent:
        raise client.error(
            url,
            f"{graph_label(graph)} holds {difference.count} triples after the load, "
            f"but {difference.sent} were sent" + (f": {details}" if details else ""),
            FIX,
        )
    if not difference.exact:
        raise client.error(url, f"{graph_label(graph)} differs from what was sent: {details}", FIX)
    return time.perf_counter() - start


def holdings(client: Client, graph: str, expected: Expected | Collection[ox.Triple]) -> str:
    """What `graph` holds now compared with `expected`, in words (never raises; the
    triples are looked up only when the count matches)."""
    try:
        difference = compare(client, graph, expected, look_up=False)
    except EndpointError as exc:
        return f"could not check what the graph now holds ({exc.message})"
    if difference.count != difference.sent:
        return (
            f"the graph now holds {difference.count} triples, not the {difference.sent} sent "
            "(the graph as it was before, or part of the new one)"
        )
    if not difference.exact:
        return f"the graph now holds {difference.count} triples, as many as were sent, but others"
    return (
        f"the graph now holds exactly the {difference.count} triples sent "
        "(the server completed the load)"
    )
