"""Benchmark: `svg-rdf check` against other validators on generated Wikidata-style graphs.

Generates graphs in the shape of our contract (items with labels; statements with rank,
main value, time or quantity value nodes, qualifiers, truthy triples; references with
quote and position selectors into a generated source text), then runs, side by side on the
same file, whole processes of: the floor (strict `bulk_load` into an in-memory pyoxigraph
store), `svg-rdf check` on each engine (sparql, the default; pyshacl-turbo; pyshacl),
pyshacl's CLI on output/shapes.ttl, and pyrudof on output/shapes.ttl when it is installed;
it prints the CPU seconds and peak RSS of each and their ratios to the floor's. The
floor's CPU varies from run to run (bulk_load is multi-threaded, and a shared machine's load
changes), so one sample of each can mislead: with --rounds N each round runs the floor and
then each chosen row, the table shows the median CPU and RSS of each row and the median of
its per-round ratios to that round's floor, and a line under each row lists those ratios
(lowest to highest). With
--endpoint it also loads the graph into Oxigraph's server or Virtuoso as `svg-rdf load
--file` does (svg_rdf/endpoint/load.py's `load_file`: pieces, verified) and times `svg-rdf
check --endpoint`, the store's CPU included. Targets (issue 21): 1M triples at
<= 2.5x the floor's CPU and <= 1.6x its peak memory.

    python benchmarks/check_benchmark.py [--sizes 100000 1000000] [--timeout 900]
        [--only LABEL ...] [--rounds N] [--endpoint oxigraph virtuoso]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
WD = "http://www.wikidata.org/"
WB = "http://wikiba.se/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
BASE = "https://w3id.org/svg-rdf/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def lit(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=n(XSD + datatype)) if datatype else ox.Literal(value)


def generate(triples: int, folder: Path) -> Path:
    """Write source.txt and graph.nt with about `triples` triples; return graph.nt."""
    text = " ".join(f"word{i % 997}" for i in range(20000)) + "\n"
    (folder / "source.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = n(BASE + "source/source")
    out: list[ox.Triple] = [
        ox.Triple(source, RDF_TYPE, n("http://schema.org/CreativeWork")),
        ox.Triple(source, n("http://purl.org/dc/terms/identifier"), lit("source.txt")),
        ox.Triple(
            source,
            n("http://purl.org/dc/terms/license"),
            n("https://creativecommons.org/licenses/by-sa/3.0/"),
        ),
        ox.Triple(
            source, n("http://spdx.org/rdf/terms#checksum"), n(BASE + "source/source-sha256")
        ),
        ox.Triple(
            n(BASE + "source/source-sha256"), n("http://spdx.org/rdf/terms#checksumValue"), lit(sha)
        ),
    ]
    number = 0
    path = folder / "graph.nt"
    written = 0
    with path.open("wb") as handle:  # in batches: a 10M-triple list would not fit in memory
        while written + len(out) < triples:
            if len(out) >= 100_000:
                handle.write(ox.serialize(out, format=ox.RdfFormat.N_TRIPLES) or b"")
                written += len(out)
                out = []
            number = _item(out, number, text, source)
        handle.write(ox.serialize(out, format=ox.RdfFormat.N_TRIPLES) or b"")
    return path


def _item(out: list[ox.Triple], number: int, text: str, source: ox.NamedNode) -> int:
    """Append item `number` with its three statements to `out`; the next item's number."""
    item = n(f"{BASE}entity/item-{number}")
    out += [
        ox.Triple(item, RDF_TYPE, n(WB + "Item")),
        ox.Triple(
            item,
            n("http://www.w3.org/2000/01/rdf-schema#label"),
            lit(f"Item {number}", language="en"),
        ),
    ]
    for kind, pid in (("time", "P571"), ("quantity", "P1120"), ("item", "P159")):
        statement = n(f"{BASE}statement/{number}-{pid}")
        reference = f"{BASE}reference/{number}-{pid}"
        start = (number * 7) % 10000
        quote = text[start : start + 30]
        if kind == "time":
            simple = lit(f"{1900 + number % 100}-01-01T00:00:00Z", "dateTime")
        elif kind == "quantity":
            simple = lit(str(number), "decimal")
        else:
            simple = n(f"{BASE}entity/item-{(number + 1)}")
        out += [
            ox.Triple(item, n(f"{WD}prop/{pid}"), statement),
            ox.Triple(item, n(f"{WD}prop/direct/{pid}"), simple),
            ox.Triple(statement, RDF_TYPE, n(WB + "Statement")),
            ox.Triple(statement, RDF_TYPE, n(WB + "BestRank")),
            ox.Triple(statement, n(WB + "rank"), n(WB + "NormalRank")),
            ox.Triple(statement, n(f"{WD}prop/statement/{pid}"), simple),
            ox.Triple(
                statement,
                n(f"{WD}prop/qualifier/P585"),
                lit("1938-01-01T00:00:00Z", "dateTime"),
            ),
            ox.Triple(statement, n("http://www.w3.org/ns/prov#wasDerivedFrom"), n(reference)),
            ox.Triple(n(reference), RDF_TYPE, n(WB + "Reference")),
            ox.Triple(n(reference), n(f"{WD}prop/reference/P248"), source),
            ox.Triple(n(reference), n(f"{WD}prop/reference/P1683"), lit(quote, language="en")),
            ox.Triple(n(reference), n(OA + "hasSource"), source),
            ox.Triple(n(reference), n(OA + "hasSelector"), n(reference + "-position")),
            ox.Triple(n(reference), n(OA + "hasSelector"), n(reference + "-quote")),
            ox.Triple(n(reference + "-position"), RDF_TYPE, n(OA + "TextPositionSelector")),
            ox.Triple(n(reference + "-position"), n(OA + "start"), lit(str(start), "integer")),
            ox.Triple(n(reference + "-position"), n(OA + "end"), lit(str(start + 30), "integer")),
            ox.Triple(n(reference + "-quote"), RDF_TYPE, n(OA + "TextQuoteSelector")),
            ox.Triple(n(reference + "-quote"), n(OA + "exact"), lit(quote)),
        ]
        if kind in ("time", "quantity"):
            value = n(f"{BASE}value/{number}-{pid}")
            out.append(ox.Triple(statement, n(f"{WD}prop/statement/value/{pid}"), value))
            if kind == "time":
                out += [
                    ox.Triple(value, RDF_TYPE, n(WB + "TimeValue")),
                    ox.Triple(value, n(WB + "timeValue"), simple),
                    ox.Triple(value, n(WB + "timePrecision"), lit("9", "integer")),
                    ox.Triple(value, n(WB + "timeTimezone"), lit("0", "integer")),
                    ox.Triple(value, n(WB + "timeCalendarModel"), n(WD + "entity/Q1985727")),
                ]
            else:
                out += [
                    ox.Triple(value, RDF_TYPE, n(WB + "QuantityValue")),
                    ox.Triple(value, n(WB + "quantityAmount"), simple),
                    ox.Triple(value, n(WB + "quantityUnit"), n(WD + "entity/Q199")),
                ]
    return number + 1


PYRUDOF = """
import sys, pyrudof
rudof = pyrudof.Rudof(pyrudof.RudofConfig())
rudof.read_data(sys.argv[1], format=pyrudof.RDFFormat.NTriples)
rudof.read_shacl(sys.argv[2])
report = rudof.validate_shacl()
print(f"conforms {report.conforms}, {len(report)} results")
"""


def commands(graph: Path, folder: Path) -> dict[str, list[str] | None]:
    """The validators to compare, each as a command line; None when not installed."""
    shapes = str(REPO / "output" / "shapes.ttl")
    check = [sys.executable, "-m", "svg_rdf", "check", "--project", str(REPO)]
    check += ["--sources", str(folder), str(graph)]
    try:
        import pyrudof  # noqa: F401

        rudof: list[str] | None = [sys.executable, "-c", PYRUDOF, str(graph), shapes]
    except ImportError:
        rudof = None
    floor = [sys.executable, "-c", FLOOR, str(graph)]
    return {
        "floor: pyoxigraph bulk_load": floor,
        "svg-rdf check --engine sparql": [*check, "--engine", "sparql"],
        "svg-rdf check --engine pyshacl-turbo": [*check, "--engine", "pyshacl-turbo"],
        "svg-rdf check --engine pyshacl": [*check, "--engine", "pyshacl"],
        "pyshacl CLI, output/shapes.ttl": [
            sys.executable,
            "-m",
            "pyshacl",
            "-s",
            shapes,
            str(graph),
        ],
        "pyrudof, output/shapes.ttl": rudof,
    }


# The floor for any checker: strictly parsing the file into an in-memory Oxigraph store.
FLOOR = """
import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
print(len(store), "triples loaded")
"""


def measure(command: list[str], timeout: float) -> tuple[float | None, float | None, str]:
    """CPU seconds (user + system) and peak RSS (MB) of a whole process, and its last line
    of output."""
    timed = ["/usr/bin/time", "-f", "%U %S %M", *command]
    try:
        done = subprocess.run(timed, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, f"stopped after {timeout:.0f} s"
    user, system, kilobytes = done.stderr.strip().splitlines()[-1].split()
    out = (done.stdout.strip() or done.stderr.strip()).splitlines()
    tail = out[-1] if out else ""
    return (
        float(user) + float(system),
        int(kilobytes) / 1024,
        f"exit {done.returncode}: {tail[:60]}",
    )


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def endpoint_rows(graph: Path, folder: Path, stores: list[str], timeout: float) -> None:
    """`svg-rdf check --endpoint` against each store holding `graph`: the store's CPU
    (read from /proc while it answers), the client's, and the store's per million triples."""
    from svg_rdf.endpoint import gsp
    from svg_rdf.endpoint.credentials import Credentials
    from svg_rdf.endpoint.load import load_file
    from svg_rdf.endpoint.oxigraph import OxigraphServer, free_port
    from svg_rdf.endpoint.servers import endpoint_for
    from svg_rdf.endpoint.transport import Timeouts
    from svg_rdf.endpoint.virtuoso import DBA, VirtuosoServer

    with graph.open("rb") as lines:
        triples = sum(1 for _ in lines)
    name = "http://example.org/graph/benchmark"
    for kind in stores:
        server: OxigraphServer | VirtuosoServer
        if kind == "oxigraph":
            server = OxigraphServer(folder / "ox", port=free_port())
            url = f"{server.url}/query"
        else:
            server = VirtuosoServer(folder / "virtuoso")
            url = f"{server.url}/sparql"
        server.start()
        # loaded as `svg-rdf load --file` loads it: pieces of 50,000 triples, verified
        client = gsp.Client(
            endpoint_for(kind, server.url),
            credentials=Credentials(*DBA, "benchmark") if kind == "virtuoso" else None,
            policy=gsp.Policy(Timeouts(10, 3600), retries=2, backoff=1.0),
        )
        load_file(client, name, graph)
        target = ["--endpoint", url, "--graph", name]
        try:
            assert server.pid is not None
            before = _process_cpu(server.pid)
            command = [sys.executable, "-m", "svg_rdf", "check", "--project", str(REPO)]
            seconds, peak, result = measure([*command, "--sources", str(folder), *target], timeout)
            store_cpu = _process_cpu(server.pid) - before
            per_million = store_cpu / (triples / 1_000_000)
            print(
                f"  svg-rdf check --endpoint ({kind}): client {seconds or 0:.1f} s CPU, "
                f"{peak or 0:.0f} MB; store {store_cpu:.1f} s CPU "
                f"({per_million:.1f} s per million triples)  {result}"
            )
            sys.stdout.flush()
        finally:
            server.stop()


Sample = tuple[float | None, float | None, str]  # CPU seconds, peak RSS (MB), result


def sample_rows(rows: dict[str, list[str]], rounds: int, timeout: float) -> dict[str, list[Sample]]:
    """Each row's samples, `rounds` of them: every round runs the floor (the first row),
    then the others, one after the other, so each ratio compares runs under the same load."""
    samples: dict[str, list[Sample]] = {label: [] for label in rows}
    for _ in range(rounds):
        for label, command in rows.items():
            samples[label].append(measure(command, timeout))
    return samples


def summary(samples: list[Sample], floors: list[Sample]) -> tuple[Sample, list[float]]:
    """The median CPU and RSS of `samples` (None if a round timed out), the last round's
    result, and the per-round CPU ratios to the floor of the same round, sorted."""
    cpus = [s[0] for s in samples]
    rsss = [s[1] for s in samples]
    cpu = None if None in cpus else statistics.median(c for c in cpus if c is not None)
    rss = None if None in rsss else statistics.median(r for r in rsss if r is not None)
    ratios = sorted(s[0] / f[0] for s, f in zip(samples, floors, strict=True) if s[0] and f[0])
    return (cpu, rss, samples[-1][2]), ratios


def print_table(
    samples: dict[str, list[Sample]], skipped: list[str], timeout: float, rounds: int
) -> None:
    """One line per row: (median) CPU and peak RSS, the (median) ratios to the floor's, and
    with more than one round the per-round CPU ratios under it."""
    header = "CPU (s)" if rounds == 1 else "med CPU"
    print(
        f"  {'validator':<38} {header:>8} {'peak RSS (MB)':>14} {'x CPU':>6} {'x RSS':>6}  result"
    )
    floors = next(iter(samples.values()))
    for label, taken in samples.items():
        (seconds, peak, result), ratios = summary(taken, floors)
        rss_ratios = [s[1] / f[1] for s, f in zip(taken, floors, strict=True) if s[1] and f[1]]
        cpu = f"{statistics.median(ratios):.2f}" if len(ratios) == rounds else "-"
        rss = f"{statistics.median(rss_ratios):.2f}" if len(rss_ratios) == rounds else "-"
        shown = f"{seconds:.1f}" if seconds is not None else f">{timeout:.0f}"
        memory = f"{peak:.0f}" if peak is not None else "-"
        print(f"  {label:<38} {shown:>8} {memory:>14} {cpu:>6} {rss:>6}  {result}")
        if rounds > 1:
            cpus = ", ".join(f"{s[0]:.2f}" if s[0] is not None else "-" for s in taken)
            each = "" if taken is floors else f"; x CPU {' '.join(f'{r:.2f}' for r in ratios)}"
            print(f"    {rounds} rounds: CPU {cpus} s{each}")
    for label in skipped:
        print(f"  {label:<38} {'-':>8} {'-':>14} {'-':>6} {'-':>6}  not installed")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--timeout", type=float, default=900, help="seconds per command")
    parser.add_argument(
        "--only", nargs="*", default=[], help="run only these rows (by label) after the floor"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the floor and the rows this many times, alternating; print medians",
    )
    parser.add_argument(
        "--endpoint",
        nargs="*",
        default=[],
        choices=["oxigraph", "virtuoso"],
        help="also check the graph in these stores with `svg-rdf check --endpoint`",
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            graph = generate(size, folder)
            with graph.open("rb") as lines:
                triples = sum(1 for _ in lines)
            print(f"\n{triples} triples")
            rows = commands(graph, folder)
            first = next(iter(rows))  # the floor, always run
            chosen = {
                label: command
                for label, command in rows.items()
                if command is not None and (not args.only or label in args.only or label == first)
            }
            skipped = [label for label, command in rows.items() if command is None]
            print_table(
                sample_rows(chosen, args.rounds, args.timeout), skipped, args.timeout, args.rounds
            )
            if args.endpoint:
                endpoint_rows(graph, folder, args.endpoint, args.timeout)


if __name__ == "__main__":
    main()
