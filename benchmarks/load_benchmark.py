"""Load benchmark: `svg-rdf load --file` beside the floor, a raw HTTP PUT of the same file.

Past 100,000 triples load sends a file in pieces (one GSP POST each; `--pieces 10000,
50000,100000,250000` measures several piece sizes, each into a graph of its own;
`--transactional` sends Oxigraph's pieces without its `no_transaction` bulk loader).
Each row also gives the store's own memory (its process's VmRSS after the load and its
peak VmHWM so far, from /proc) and the load average when the row was done.

For each store (the Oxigraph server and a real Virtuoso 7, each started on a free
127.0.0.1 port in a temporary folder) and each size of generated Wikidata-style graph
(written to a file as it is generated, so 10M triples never sit in this process): curl
PUTs the N-Triples file to the store's Graph Store Protocol URL (Digest auth for Virtuoso,
as load uses) before and after a child process runs load's code path for a file
(`svg_rdf.endpoint.load.load_file`: parse strictly, PUT streamed from the file, verify
exactly) into another graph; the raw figure is the mean of the two (`--raw after`: only
the one after, for sizes where a PUT takes many minutes; `--raw none`: load's alone).
Prints the raw PUT, load's PUT, their ratio (target: at most 1.2), the verification time
separately, load's total against the raw PUT, and the loading process's peak resident
memory (its own, from wait4).

    python benchmarks/load_benchmark.py                                # 100k and 1M, both
    python benchmarks/load_benchmark.py --sizes 100000 --stores oxigraph
    python benchmarks/load_benchmark.py --sizes 10000000 --raw after
    python benchmarks/load_benchmark.py --sizes 1000000 --raw none --pieces 10000,50000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from svg_rdf.endpoint import gsp, load
from svg_rdf.endpoint.credentials import Credentials
from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
from svg_rdf.endpoint.servers import endpoint_for
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
PATIENT = gsp.Policy(Timeouts(connect=10.0, request=4 * 3600.0), retries=0)
PROPERTIES = ("P31", "P17", "P571", "P1120", "P159")


def wikidata_style(size: int, seed: int = 1937) -> Iterator[str]:
    """Exactly `size` distinct N-Triples lines shaped like Wikidata's RDF: items with
    labels, descriptions, truthy claims, statement nodes with qualifiers and full time
    values, and references (every node of a claim is its own, so no line repeats)."""
    rng = random.Random(seed)
    a, label, description = f"<{RDF.type}>", f"<{RDFS.label}>", f"<{SCHEMA.description}>"
    derived, rank, normal = (
        f"<{PROV.wasDerivedFrom}>",
        f"<{WIKIBASE.rank}>",
        f"<{WIKIBASE.NormalRank}>",
    )
    time_value, precision = f"<{WIKIBASE.timeValue}>", f"<{WIKIBASE.timePrecision}>"
    date_time, decimal, integer = f"<{XSD.dateTime}>", f"<{XSD.decimal}>", f"<{XSD.integer}>"
    sent = 0
    item_number = 0
    while True:
        item_number += 1
        item = f"<{WD}Q{item_number}>"
        lines = [
            f"{item} {a} <{WIKIBASE.Item}> .",
            f'{item} {label} "item {item_number}"@en .',
            f'{item} {description} "generated item {item_number}"@en .',
        ]
        for claim, pid in enumerate(rng.sample(PROPERTIES, rng.randint(1, 3))):
            statement = f"<http://www.wikidata.org/entity/statement/Q{item_number}-{claim}>"
            reference = f"<http://www.wikidata.org/reference/r{item_number}-{claim}>"
            when = f"<http://www.wikidata.org/value/t{item_number}-{claim}>"
            if pid == "P571":
                value = f'"{rng.randint(1900, 1950)}-01-01T00:00:00Z"^^{date_time}'
            elif pid == "P1120":
                value = f'"{rng.randint(1, 500)}"^^{decimal}'
            else:
                value = f"<{WD}Q{rng.randint(1, 100_000)}>"
            lines += [
                f"{item} <{WDT[pid]}> {value} .",
                f"{item} <{PROP[pid]}> {statement} .",
                f"{statement} {a} <{WIKIBASE.Statement}> .",
                f"{statement} <{PS[pid]}> {value} .",
                f"{statement} {rank} {normal} .",
                f"{statement} {derived} {reference} .",
                f"{reference} <{PR.P248}> <{WD}Q{rng.randint(1, 1000)}> .",
                f'{statement} <{PQ.P585}> "1938-01-01T00:00:00Z"^^{date_time} .',
                f"{statement} <{PQV.P585}> {when} .",
                f'{when} {time_value} "1938-01-01T00:00:00Z"^^{date_time} .',
                f'{when} {precision} "9"^^{integer} .',
            ]
            if pid == "P571":
                lines.append(f"{statement} <{PSV[pid]}> {when} .")
        for line in lines:
            if sent == size:
                return
            sent += 1
            yield line + "\n"


def write_graph(size: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(wikidata_style(size))


def raw_put(url: str, data_file: Path, user: tuple[str, str] | None) -> float:
    """Seconds for curl to PUT the file's bytes to `url` (Digest auth when `user` is given)."""
    command = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT"]
    command += ["-H", "Content-Type: application/n-triples", "-T", str(data_file)]
    if user is not None:
        command += ["--digest", "-u", f"{user[0]}:{user[1]}"]
    start = time.perf_counter()
    status = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    elapsed = time.perf_counter() - start
    assert status in ("200", "201", "204"), status
    return elapsed


def child_load(
    store: str, url: str, graph: str, data_file: str, piece: str, transactional: str
) -> None:
    """In the child process: load the file as `svg-rdf load --file` does (without the
    shapes: the generated graph is not in our contract), print the result as JSON."""
    credentials = None
    if store == "virtuoso":
        credentials = Credentials(*DBA, "benchmark")
    endpoint = endpoint_for(store, url)
    if transactional == "yes":
        endpoint = dataclasses.replace(endpoint, bulk_parameter=None)
    client = gsp.Client(endpoint, credentials=credentials, policy=PATIENT)
    result = load.load_file(client, graph, Path(data_file), piece_triples=int(piece))
    json.dump(
        {
            "triples": result.triples,
            "pieces": result.pieces,
            "upload": result.upload_seconds,
            "verify": result.verify_seconds,
        },
        sys.stdout,
    )


def store_memory(pid: int | None) -> tuple[float, float]:
    """The store process's resident memory now and its peak so far, in MiB (/proc)."""
    if pid is None:
        return float("nan"), float("nan")
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.split()
    return int(fields["VmRSS"][0]) / 1024, int(fields["VmHWM"][0]) / 1024


def measured_load(
    store: str, url: str, graph: str, data_file: Path, piece: int, transactional: bool
) -> tuple[dict[str, float], int]:
    """The child's result and its peak resident memory in bytes (wait4's ru_maxrss)."""
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child",
            store,
            url,
            graph,
            str(data_file),
            str(piece),
            "yes" if transactional else "no",
        ],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"the loading process failed with exit code {child.returncode}")
    return json.loads(output), usage.ru_maxrss * 1024


def bench(
    store: str,
    url: str,
    name: str,
    data_file: Path,
    raw_mode: str,
    piece: int,
    transactional: bool,
    pid: int | None,
) -> None:
    graph = f"urn:bench:{name}:{piece}"
    endpoint = endpoint_for(store, url)
    user = DBA if store == "virtuoso" else None
    # Each into an empty graph of its own, so neither pays for replacing the other's. The
    # store grows with each PUT, so the raw PUT runs before and after load's, and the
    # floor is their mean: the order favours neither.
    before = (
        raw_put(endpoint.graph_url(f"{graph}/raw-before"), data_file, user)
        if raw_mode == "both"
        else None
    )
    result, rss = measured_load(store, url, graph, data_file, piece, transactional)
    after = (
        raw_put(endpoint.graph_url(f"{graph}/raw-after"), data_file, user)
        if raw_mode != "none"
        else None
    )
    upload, verify = result["upload"], result["verify"]
    if after is None:
        raw_text, ratio, total = f"{'-':>9}", f"{'-':>7}", f"{'-':>7}"
    else:
        raw = after if before is None else (before + after) / 2
        raw_text, ratio = f"{raw:>9.2f}", f"{upload / raw:>6.2f}x"
        total = f"{(upload + verify) / raw:>6.2f}x"
    store_rss, store_peak = store_memory(pid)
    pieces = f"{int(result['pieces'])}x{piece // 1000}k" if result["pieces"] > 1 else "PUT"
    print(
        f"{store:<9} {name:<16} {int(result['triples']):>9,} "
        f"{data_file.stat().st_size / 1e6:>8.1f} {pieces:>10} {raw_text} {upload:>9.2f} "
        f"{ratio} {verify:>9.2f} {total} {rss / 2**20:>8.0f} {store_rss:>9.0f} "
        f"{store_peak:>10.0f} {os.getloadavg()[0]:>5.1f}",
        flush=True,
    )


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child_load(*sys.argv[2:8])
        return
    # SIGTERM (kill, timeout) unwinds like Ctrl-C, so the servers' context managers stop
    # them and their folders go: no store is left running behind the benchmark.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated triples")
    parser.add_argument("--stores", default="oxigraph,virtuoso", help="comma-separated")
    parser.add_argument(
        "--raw",
        choices=["both", "after", "none"],
        default="both",
        help="raw PUT before and after load's (the mean), only after, or none",
    )
    parser.add_argument(
        "--pieces", default=str(load.PIECE_TRIPLES), help="comma-separated triples a piece"
    )
    parser.add_argument(
        "--transactional",
        action="store_true",
        help="Oxigraph's pieces in one transaction each (without its no_transaction)",
    )
    arguments = parser.parse_args()
    piece_sizes = [int(piece) for piece in arguments.pieces.split(",") if piece.strip()]
    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]
    stores = [store for store in arguments.stores.split(",") if store.strip()]
    with tempfile.TemporaryDirectory(prefix="svg-rdf-bench-") as temporary:
        folder = Path(temporary)
        graphs = []
        for size in sizes:
            start = time.perf_counter()
            data_file = folder / f"wikidata-{size}.nt"
            write_graph(size, data_file)
            print(
                f"(generated {size:,} triples in {time.perf_counter() - start:.1f} s)", flush=True
            )
            graphs.append((f"wikidata-{size}", data_file))
        print(
            f"{'store':<9} {'graph':<16} {'triples':>9} {'MB':>8} {'sent as':>10} "
            f"{'raw PUT':>9} {'load sent':>9} {'ratio':>7} {'verify':>9} {'total/raw':>7} "
            f"{'RSS MiB':>8} {'store MiB':>9} {'store peak':>10} {'load':>5}",
            flush=True,
        )
        for store in stores:
            if store == "oxigraph":
                with OxigraphServer(folder / "oxigraph", port=free_port()) as oxigraph:
                    for name, data_file in graphs:
                        for piece in piece_sizes:
                            bench(
                                "oxigraph",
                                oxigraph.url,
                                name,
                                data_file,
                                arguments.raw,
                                piece,
                                arguments.transactional,
                                oxigraph.pid,
                            )
            elif store == "virtuoso":
                # As packaged: answers capped at 10,000 rows (ResultSetMaxRows), as users run it.
                with VirtuosoServer(folder / "virtuoso") as virtuoso:
                    for name, data_file in graphs:
                        for piece in piece_sizes:
                            bench(
                                "virtuoso",
                                virtuoso.url,
                                name,
                                data_file,
                                arguments.raw,
                                piece,
                                arguments.transactional,
                                virtuoso.pid,
                            )


if __name__ == "__main__":
    main()
