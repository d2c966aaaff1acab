"""Load benchmark: `svg-rdf load` beside the floor, a raw HTTP PUT of the same bytes.

For each store (the Oxigraph server and a real Virtuoso 7, each started on a free
127.0.0.1 port in a temporary folder) and each size of generated Wikidata-style graph:
curl PUTs the N-Triples file to the store's Graph Store Protocol URL (Digest auth for
Virtuoso, as load uses) before and after `svg-rdf load`'s code path PUTs the same bytes
into another graph and verifies it; the raw figure is the mean of the two. Prints the raw
PUT, load's PUT, their ratio (target: at most 1.2), the verification time separately, and
load's total against the raw PUT.

    python benchmarks/load_benchmark.py                                # 100k and 1M, both
    python benchmarks/load_benchmark.py --sizes 100000 --stores oxigraph
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.endpoint import gsp, load
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
from svg_rdf.endpoint.servers import Endpoint, endpoint_for
from svg_rdf.endpoint.transport import Timeouts
from svg_rdf.endpoint.virtuoso import DBA, VirtuosoServer
from svg_rdf.graph.vocab import (
    PQ,
    PQV,
    PR,
    PROV,
    PS,
    PSV,
    RDF,
    RDFS,
    SCHEMA,
    WD,
    WDT,
    WIKIBASE,
    XSD,
)
from svg_rdf.graph.vocab import P as PROP

ROOT = Path(__file__).resolve().parent.parent
PATIENT = gsp.Policy(Timeouts(connect=10.0, request=3600.0), retries=0)


def node(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def wikidata_style(size: int, seed: int = 1937) -> tuple[bytes, frozenset[ox.Triple]]:
    """Exactly `size` triples shaped like Wikidata's RDF: items with labels, descriptions,
    truthy claims, statement nodes with qualifiers and full time values, and references."""
    rng = random.Random(seed)
    triples: list[ox.Triple] = []
    a, label, description = node(RDF.type), node(RDFS.label), node(SCHEMA.description)
    statement_class, rank, normal = (
        node(WIKIBASE.Statement),
        node(WIKIBASE.rank),
        node(WIKIBASE.NormalRank),
    )
    derived, time_value, precision = (
        node(PROV.wasDerivedFrom),
        node(WIKIBASE.timeValue),
        node(WIKIBASE.timePrecision),
    )
    date_time, decimal, integer = node(XSD.dateTime), node(XSD.decimal), node(XSD.integer)
    item_number = 0
    while len(triples) < size:
        item_number += 1
        item = node(WD[f"Q{item_number}"])
        triples += [
            ox.Triple(item, a, node(WIKIBASE.Item)),
            ox.Triple(item, label, ox.Literal(f"item {item_number}", language="en")),
            ox.Triple(
                item, description, ox.Literal(f"generated item {item_number}", language="en")
            ),
        ]
        for claim in range(rng.randint(1, 3)):
            pid = rng.choice(["P31", "P17", "P571", "P1120", "P159"])
            statement = node(f"http://www.wikidata.org/entity/statement/Q{item_number}-{claim}")
            reference = node(f"http://www.wikidata.org/reference/r{rng.randrange(10_000)}")
            if pid in ("P571",):
                value = ox.Literal(f"{rng.randint(1900, 1950)}-01-01T00:00:00Z", datatype=date_time)
            elif pid == "P1120":
                value = ox.Literal(str(rng.randint(1, 500)), datatype=decimal)
            else:
                value = node(WD[f"Q{rng.randint(1, 100_000)}"])
            when = node(f"http://www.wikidata.org/value/t{item_number}-{claim}")
            triples += [
                ox.Triple(item, node(WDT[pid]), value),
                ox.Triple(item, node(PROP[pid]), statement),
                ox.Triple(statement, a, statement_class),
                ox.Triple(statement, node(PS[pid]), value),
                ox.Triple(statement, rank, normal),
                ox.Triple(statement, derived, reference),
                ox.Triple(reference, node(PR.P248), node(WD[f"Q{rng.randint(1, 1000)}"])),
                ox.Triple(
                    statement, node(PQ.P585), ox.Literal("1938-01-01T00:00:00Z", datatype=date_time)
                ),
                ox.Triple(statement, node(PQV.P585), when),
                ox.Triple(when, time_value, ox.Literal("1938-01-01T00:00:00Z", datatype=date_time)),
                ox.Triple(when, precision, ox.Literal("9", datatype=integer)),
            ]
            if pid == "P571":
                triples.append(ox.Triple(statement, node(PSV[pid]), when))
    unique = frozenset(triples[:size])
    while len(unique) < size:  # duplicates collapse; top up with plain labels
        item_number += 1
        unique |= {
            ox.Triple(node(WD[f"Q{item_number}"]), label, ox.Literal(f"extra {item_number}"))
        }
    data = ox.serialize(unique, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return bytes(data), unique


def raw_put(url: str, data_file: Path, user: tuple[str, str] | None) -> float:
    """Seconds for curl to PUT the file's bytes to `url` (Digest auth when `user` is given)."""
    command = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT"]
    command += ["-H", "Content-Type: application/n-triples", "--data-binary", f"@{data_file}"]
    if user is not None:
        command += ["--digest", "-u", f"{user[0]}:{user[1]}"]
    start = time.perf_counter()
    status = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    elapsed = time.perf_counter() - start
    assert status in ("200", "201", "204"), status
    return elapsed


def bench(
    store: str,
    endpoint: Endpoint,
    credentials: Credentials | None,
    name: str,
    data: bytes,
    expected: frozenset[ox.Triple],
    folder: Path,
) -> None:
    graph = f"urn:bench:{name}"
    data_file = folder / "data.nt"
    data_file.write_bytes(data)
    user = None if credentials is None else (credentials.user, credentials.password)
    # Each into an empty graph of its own, so neither pays for replacing the other's. The
    # store grows with each PUT, so the raw PUT runs before and after load's, and the
    # floor is their mean: the order favours neither.
    before = raw_put(endpoint.graph_url(f"{graph}/raw-before"), data_file, user)
    client = gsp.Client(endpoint, credentials=credentials, policy=PATIENT)
    result = load.load_graph(client, graph, data, expected=expected)
    after = raw_put(endpoint.graph_url(f"{graph}/raw-after"), data_file, user)
    raw = (before + after) / 2
    print(
        f"{store:<9} {name:<16} {len(expected):>9,} {len(data) / 1e6:>8.1f} {raw:>9.2f} "
        f"{result.upload_seconds:>9.2f} {result.upload_seconds / raw:>6.2f}x "
        f"{result.verify_seconds:>9.2f} "
        f"{(result.upload_seconds + result.verify_seconds) / raw:>6.2f}x",
        flush=True,
    )


def main() -> None:
    # SIGTERM (kill, timeout) unwinds like Ctrl-C, so the servers' context managers stop
    # them and their folders go: no store is left running behind the benchmark.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated triples")
    parser.add_argument("--stores", default="oxigraph,virtuoso", help="comma-separated")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]
    stores = [store for store in arguments.stores.split(",") if store.strip()]
    graphs = []
    for size in sizes:
        start = time.perf_counter()
        data, expected = wikidata_style(size)
        print(f"(generated {size:,} triples in {time.perf_counter() - start:.1f} s)", flush=True)
        graphs.append((f"wikidata-{size}", data, expected))
    print(
        f"{'store':<9} {'graph':<16} {'triples':>9} {'MB':>8} {'raw PUT':>9} {'load PUT':>9} "
        f"{'ratio':>7} {'verify':>9} {'total/raw':>7}"
    )
    with tempfile.TemporaryDirectory(prefix="svg-rdf-bench-") as temporary:
        folder = Path(temporary)
        if "oxigraph" in stores:
            with OxigraphServer(folder / "oxigraph", port=free_port()) as server:
                for name, data, expected in graphs:
                    bench(
                        "oxigraph",
                        endpoint_for("oxigraph", server.url),
                        None,
                        name,
                        data,
                        expected,
                        folder,
                    )
        if "virtuoso" in stores:
            # As packaged: answers capped at 10,000 rows (ResultSetMaxRows), as users run it.
            with VirtuosoServer(folder / "virtuoso") as server:
                credentials = Credentials(*DBA, "benchmark")
                for name, data, expected in graphs:
                    bench(
                        "virtuoso",
                        endpoint_for("virtuoso", server.url),
                        credentials,
                        name,
                        data,
                        expected,
                        folder,
                    )


if __name__ == "__main__":
    main()
