"""Load benchmark: `svg-rdf load`'s code path into a real Oxigraph server, timed.

Starts the Oxigraph server on a free 127.0.0.1 port with a temporary store, then loads
(Graph Store Protocol PUT, then the SPARQL verification) the built graph and generated
Wikidata-style graphs of the sizes asked for, each with a plain PUT (one transaction: a
failed upload leaves the old graph) and with Oxigraph's `no_transaction` bulk option (faster,
but a failed upload can leave part of the graph). Prints time and throughput.

    python benchmarks/load_benchmark.py                      # built graph + 1M triples
    python benchmarks/load_benchmark.py --sizes 100000,1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from svg_rdf.endpoint import gsp
from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
from svg_rdf.endpoint.servers import Endpoint
from svg_rdf.endpoint.transport import Timeouts
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
from svg_rdf.pipeline import compile_project, graph_file
from svg_rdf.project import Project

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


@dataclass(frozen=True)
class Row:
    graph: str
    mode: str
    triples: int
    size: int
    upload: float
    verify: float

    def line(self) -> str:
        return (
            f"{self.graph:<22} {self.mode:<28} {self.triples:>9} {self.size / 1e6:>8.2f} "
            f"{self.upload:>8.3f} {self.triples / self.upload:>11,.0f} "
            f"{self.size / 1e6 / self.upload:>7.2f} {self.verify:>8.3f}"
        )


HEADER = (
    f"{'graph':<22} {'mode':<28} {'triples':>9} {'MB':>8} {'PUT s':>8} {'triples/s':>11} "
    f"{'MB/s':>7} {'verify s':>8}"
)


def measure(
    url: str,
    graph: str,
    name: str,
    data: bytes,
    expected: frozenset[ox.Triple],
    *,
    repeat: int,
    say: Callable[[str], None],
) -> None:
    for mode, gsp_url in (
        ("transaction", f"{url}/store"),
        ("no_transaction", f"{url}/store?no_transaction"),
    ):
        client = gsp.Client(Endpoint(gsp_url, f"{url}/query"), policy=PATIENT)
        runs = []
        for _ in range(repeat):
            result = gsp.load_graph(client, f"{graph}/{mode}", data, expected=expected)
            runs.append(result)
        say(
            Row(
                name,
                mode + (f" (median of {repeat})" if repeat > 1 else ""),
                len(expected),
                len(data),
                statistics.median(run.upload_seconds for run in runs),
                statistics.median(run.verify_seconds for run in runs),
            ).line()
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000000",
        help="comma-separated sizes (triples) of generated graphs; '' for none",
    )
    parser.add_argument("--repeat", type=int, default=5, help="loads of the built graph")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]

    built = graph_file(compile_project(Project.at(ROOT)), "ntriples")
    assert built.expected is not None
    folder = tempfile.TemporaryDirectory(prefix="svg-rdf-bench-")
    with folder, OxigraphServer(Path(folder.name) / "store", port=free_port()) as server:
        print(f"Oxigraph server at {server.url}; every load is a GSP PUT plus verification")
        print(HEADER, flush=True)
        measure(
            server.url,
            "urn:bench:built",
            "built graph",
            built.data,
            built.expected,
            repeat=arguments.repeat,
            say=lambda line: print(line, flush=True),
        )
        for size in sizes:
            start = time.perf_counter()
            data, expected = wikidata_style(size)
            generated = time.perf_counter() - start
            print(f"(generated {size:,} triples in {generated:.1f} s)", flush=True)
            measure(
                server.url,
                f"urn:bench:{size}",
                f"Wikidata-style {size:,}",
                data,
                expected,
                repeat=1,
                say=lambda line: print(line, flush=True),
            )


if __name__ == "__main__":
    main()
