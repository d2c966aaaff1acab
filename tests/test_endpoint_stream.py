"""Loading a file of any size: the upload streamed from the file, the expected triples held
on disk past a threshold, the verification streamed and still exact.

Against small loopback servers (tests.loopback) and the fake store of test_endpoint_gsp,
which can lie or cap its answers on cue; the real Oxigraph and Virtuoso runs are in
test_endpoint_load_big.py.
"""

from __future__ import annotations

import io
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.endpoint import expected as expected_module
from svg_rdf.endpoint import gsp, load, transport, verify
from svg_rdf.endpoint.expected import InMemory, OnDisk, expected_file
from svg_rdf.errors import EndpointError, ParseError, SvgRdfError
from tests.endpoint_data import ROOT
from tests.loopback import LoopbackServer, cut_after, status, statuses
from tests.test_endpoint_gsp import GRAPH, QUICK, client_for, fake_store, queries, subjects_with


def write(tmp_path: Path, data: bytes, name: str = "graph.nt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def shuffled(data: bytes, seed: int = 7) -> bytes:
    lines = data.splitlines(keepends=True)
    random.Random(seed).shuffle(lines)
    return b"".join(lines)


@pytest.fixture
def on_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every file past 0 bytes is held in a store on disk, as a big one is (and the test
    fails unless one was read from there)."""
    monkeypatch.setattr(expected_module, "IN_MEMORY_BYTES", 0)
    monkeypatch.setattr(expected_module, "CHUNK_TRIPLES", 7)  # several chunks
    read = OnDisk.groups
    calls = [0]

    def counted(self: OnDisk) -> Iterator[tuple[object, list[ox.Triple]]]:
        calls[0] += 1
        yield from read(self)

    monkeypatch.setattr(OnDisk, "groups", counted)
    yield
    assert calls[0], "no expected triples were read from a store on disk"


# Holding the expected triples ----------------------------------------------------------


def test_a_small_file_is_held_in_memory_a_big_one_on_disk(tmp_path: Path) -> None:
    path = write(tmp_path, subjects_with(2, 3))
    with expected_file(path) as small:
        assert isinstance(small, InMemory) and len(small) == 6
    with expected_file(path, in_memory_bytes=10) as big:
        assert isinstance(big, OnDisk) and len(big) == 6


@pytest.mark.parametrize("in_memory_bytes", [None, 0])
def test_reading_tells_the_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_memory_bytes: int | None
) -> None:
    monkeypatch.setattr(expected_module, "PROGRESS_BYTES", 1000)
    path = write(tmp_path, subjects_with(3, 200))
    size = path.stat().st_size
    told: list[tuple[int, int]] = []
    with expected_file(
        path, in_memory_bytes=in_memory_bytes, progress=lambda *done: told.append(done)
    ) as held:
        assert len(held) == 600
    assert told[-1] == (size, size) and len(told) > size // 1000 // 2
    assert [done for done, _ in told] == sorted(done for done, _ in told)


def test_reading_with_progress_still_names_the_place_of_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, subjects_with(1, 3) + b"<http://example.org/s> <http://example.org/p> .\n"
    )
    told: list[tuple[int, int]] = []
    with (
        pytest.raises(ParseError) as caught,
        expected_file(path, progress=lambda *d: told.append(d)),
    ):
        pass
    assert str(caught.value).startswith(f"{path}:4:")


@pytest.mark.usefixtures("on_disk")
def test_on_disk_each_subject_comes_once_with_all_its_triples(tmp_path: Path) -> None:
    data = subjects_with(3, 50)
    twice = b"".join(data.splitlines(keepends=True)[:5])
    path = write(tmp_path, shuffled(data + twice))  # in any order, some twice
    with expected_file(path, in_memory_bytes=0) as held:
        groups = list(held.groups())
        assert len(held) == 150
    subjects = [subject for subject, _ in groups]
    assert len(subjects) == len(set(subjects)) == 50
    assert all(len(triples) == 3 for _, triples in groups)
    assert all(t.subject == subject for subject, triples in groups for t in triples)


def test_the_disk_store_is_removed_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)
    path = write(tmp_path, subjects_with(2, 3))
    with expected_file(path, in_memory_bytes=0):
        assert list((tmp_path / "tmp").iterdir())
    assert not list((tmp_path / "tmp").iterdir())


@pytest.mark.parametrize("in_memory_bytes", [1 << 30, 0], ids=["in-memory", "on-disk"])
def test_invalid_ntriples_is_one_line_with_its_place_and_nothing_is_sent(
    tmp_path: Path, in_memory_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(expected_module, "IN_MEMORY_BYTES", in_memory_bytes)
    path = write(tmp_path, subjects_with(1, 3) + b'<http://example.org/s> <p> "x" .\n')
    with LoopbackServer(status(201)) as server, pytest.raises(ParseError) as caught:
        load.load_file(client_for(server.url), GRAPH, path)
    text = str(caught.value)
    assert text.startswith(f"{path}:4:")
    assert "\n" not in text and "nothing was sent" in text and "N-Triples" in text
    assert server.requests == []


@pytest.mark.parametrize("in_memory_bytes", [1 << 30, 0], ids=["in-memory", "on-disk"])
def test_a_file_with_a_blank_node_is_not_sent(
    tmp_path: Path, in_memory_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(expected_module, "IN_MEMORY_BYTES", in_memory_bytes)
    path = write(tmp_path, subjects_with(1, 3) + b'_:b1 <http://example.org/p> "x" .\n')
    with LoopbackServer(status(201)) as server, pytest.raises(ParseError) as caught:
        load.load_file(client_for(server.url), GRAPH, path)
    assert str(caught.value).startswith(f"{path}: error: _:b1 <http://example.org/p> ")
    assert "a store renames blank nodes" in str(caught.value)
    assert server.requests == []


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SvgRdfError, match="cannot read the file") as caught:
        load.load_file(client_for("http://127.0.0.1:9"), GRAPH, tmp_path / "none.nt")
    assert str(caught.value).startswith(f"{tmp_path / 'none.nt'}: ")


# The upload streamed from the file -----------------------------------------------------


def test_the_file_is_sent_as_it_is_with_its_size(tmp_path: Path) -> None:
    data = subjects_with(4, 3000)  # several chunks
    path = write(tmp_path, data)
    with LoopbackServer(status(201)) as server:
        gsp.put_graph(client_for(server.url), GRAPH, path)
    [request] = server.requests
    assert request.headers["content-length"] == str(len(data))
    assert request.body == data


def test_the_file_is_read_a_chunk_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, subjects_with(4, 3000))
    reads: list[int] = []
    real_open = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object) -> io.BufferedReader:
        stream = real_open(self, *args, **kwargs)  # type: ignore[call-overload]
        read = stream.read

        def counted(size: int = -1) -> bytes:
            reads.append(size)
            return read(size)  # type: ignore[no-any-return]

        stream.read = counted
        return stream  # type: ignore[no-any-return]

    monkeypatch.setattr(Path, "open", counting_open)
    with LoopbackServer(status(201)) as server:
        gsp.put_graph(client_for(server.url), GRAPH, path)
    assert len(reads) > 3 and max(reads) == transport.CHUNK_SIZE  # never the whole file


def test_a_retry_reads_the_file_again_from_its_start(tmp_path: Path) -> None:
    data = subjects_with(4, 3000)
    path = write(tmp_path, data)
    policy = gsp.Policy(QUICK.timeouts, retries=2, backoff=0.0)
    with LoopbackServer(statuses(503, 201)) as server:
        attempts = gsp.put_graph(client_for(server.url, policy=policy), GRAPH, path)
    assert attempts == 2
    assert [request.body for request in server.requests] == [data, data]


def test_a_file_that_shrinks_while_sent_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, subjects_with(4, 3000))
    size = path.stat().st_size

    def progress(sent: int, _total: int) -> None:
        if sent > 0 and path.stat().st_size == size:
            path.write_bytes(b"")  # truncated under the sender

    with LoopbackServer(status(201)) as server, pytest.raises(SvgRdfError) as caught:
        gsp.put_graph(client_for(server.url), GRAPH, path, progress=progress)
    assert "the file shrank while it was sent" in str(caught.value)
    assert str(caught.value).startswith(f"{path}: ")


def test_a_store_dropping_the_connection_mid_file_is_one_line_and_says_what_it_holds(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, subjects_with(4, 3000))
    with LoopbackServer(cut_after(100_000)) as server, pytest.raises(EndpointError) as caught:
        load.load_file(client_for(server.url), GRAPH, path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{server.url}/store: PUT of graph <{GRAPH}> failed")
    assert "could not check what the graph now holds" in text  # not reported as loaded


# Verification, streamed and exact ------------------------------------------------------


@pytest.mark.usefixtures("on_disk")
def test_a_file_held_on_disk_is_loaded_and_verified(tmp_path: Path) -> None:
    data = shuffled(subjects_with(3, 400))
    path = write(tmp_path, data)
    told: list[tuple[int, int]] = []
    with fake_store() as server:
        result = load.load_file(
            client_for(server.url),
            GRAPH,
            path,
            verify_progress=lambda done, total: told.append((done, total)),
        )
    assert (result.triples, result.bytes) == (1200, len(data))
    assert told[0] == (0, 1200) and told[-1] == (1200, 1200)
    assert [done for done, _ in told] == sorted(done for done, _ in told)


@pytest.mark.usefixtures("on_disk")
@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (
            lambda held: held.replace(b'"7.1"', b'"changed"'),
            [
                '1 triples missing (e.g. <http://example.org/s7> <http://example.org/p1> "7.1")',
                '1 unexpected (e.g. <http://example.org/s7> <http://example.org/p1> "changed")',
            ],
        ),
        (
            lambda held: held.replace(
                b'<http://example.org/s7> <http://example.org/p1> "7.1" .\n', b""
            ),
            [
                "holds 29 triples after the load, but 30 were sent: 1 triples missing "
                '(e.g. <http://example.org/s7> <http://example.org/p1> "7.1")'
            ],
        ),
        (
            lambda held: held + b'<http://example.org/s7> <http://example.org/p9> "x" .\n',
            [
                "holds 31 triples after the load, but 30 were sent: 1 unexpected "
                '(e.g. <http://example.org/s7> <http://example.org/p9> "x")'
            ],
        ),
        (
            lambda held: held + b'<urn:x:other> <http://example.org/p9> "x" .\n',
            ["holds 31 triples after the load, but 30 were sent: 1 unexpected (with subjects"],
        ),
    ],
    ids=["changed", "missing", "extra", "extra-elsewhere"],
)
def test_a_difference_is_named_triple_by_triple(
    tmp_path: Path, edit: object, says: list[str]
) -> None:
    sent = subjects_with(3, 10)
    path = write(tmp_path, sent)
    with fake_store() as server:
        gsp.put_graph(client_for(server.url), GRAPH, edit(sent))  # type: ignore[operator]
        with (
            expected_file(path, in_memory_bytes=0) as expected,
            pytest.raises(EndpointError) as caught,
        ):
            verify.verify_graph(client_for(server.url), GRAPH, expected)
    text = str(caught.value)
    assert "\n" not in text
    for said in says:
        assert said in text


@pytest.mark.usefixtures("on_disk")
def test_a_capped_answer_is_detected_and_never_taken_for_the_whole(tmp_path: Path) -> None:
    """As Virtuoso's ResultSetMaxRows: every answer cut at 30 triples without a word."""
    path = write(tmp_path, shuffled(subjects_with(5, 40)))
    with fake_store(max_rows=30) as server:
        result = load.load_file(client_for(server.url), GRAPH, path)
        reads = [query for query in queries(server) if query.startswith("CONSTRUCT")]
    assert result.triples == 200
    assert len(reads) > 1  # the 200-triple batch was cut, then asked again in parts


@pytest.mark.usefixtures("on_disk")
def test_a_capped_answer_for_one_subject_is_an_error_not_a_pass(tmp_path: Path) -> None:
    path = write(tmp_path, subjects_with(50, 1))
    with fake_store(max_rows=30) as server, pytest.raises(EndpointError) as caught:
        load.load_file(client_for(server.url), GRAPH, path)
    assert "the server cut its answer for <http://example.org/s0> at 30 triples" in str(
        caught.value
    )


def test_verification_holds_a_bounded_number_of_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many triples, at most IN_FLIGHT batches are made ahead of the answers."""
    monkeypatch.setattr(verify, "BATCH_SUBJECTS", 1)
    data = subjects_with(1, 200)
    triples = [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    made = [0]
    ahead: list[int] = []

    class Counting:
        def __len__(self) -> int:
            return len(triples)

        def groups(self) -> Iterator[tuple[ox.NamedNode, list[ox.Triple]]]:
            for triple in triples:
                made[0] += 1
                yield triple.subject, [triple]  # type: ignore[misc]

    with fake_store() as server:
        gsp.put_graph(client_for(server.url), GRAPH, data)
        verify.verify_graph(
            client_for(server.url),
            GRAPH,
            Counting(),  # type: ignore[arg-type]
            progress=lambda done, _total: ahead.append(made[0] - done),
        )
    assert verify.IN_FLIGHT == 8
    assert max(ahead) <= 9  # batches of one triple: 8 in flight and the one being made


# Through the CLI -----------------------------------------------------------------------


def run_load_file(url: str, path: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        [
            "load",
            "--project",
            str(ROOT),
            "--server",
            "oxigraph",
            "--url",
            url,
            "--graph",
            GRAPH,
            "--retries",
            "0",
            "--file",
            str(path),
            *extra,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_cli_loads_a_given_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expected_module, "IN_MEMORY_BYTES", 0)
    path = ROOT / "output" / "svg-rdf.nt"
    triples = len(list(ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)))
    with fake_store() as server:
        code, out, err = run_load_file(server.url, path)
    assert (code, err) == (0, "")
    assert f"loaded {triples} triples ({path.stat().st_size} bytes)" in out
    assert f"the graph holds exactly the {triples} triples sent" in out


def test_cli_refuses_a_file_that_violates_the_shapes(tmp_path: Path) -> None:
    broken = ox.parse(
        path=ROOT / "tests" / "data" / "broken" / "dataset-without-title.ttl",
        format=ox.RdfFormat.TURTLE,
    )
    path = tmp_path / "broken.nt"
    path.write_bytes(ox.serialize(broken, format=ox.RdfFormat.N_QUADS) or b"")
    with LoopbackServer(status(201)) as server:
        code, out, err = run_load_file(server.url, path)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "violates the shapes" in err and "nothing was sent" in err
    assert server.requests == []


def test_cli_invalid_file_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"<http://example.org/s> <http://example.org/p> .\n")
    with LoopbackServer(status(201)) as server:
        code, out, err = run_load_file(server.url, path)
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}:1:") and err.count("\n") == 1
    assert server.requests == []


def test_cli_shows_sending_then_verifying_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)  # CliRunner's stderr is never a terminal
    path = ROOT / "output" / "svg-rdf.nt"
    arguments = ["load", "--project", str(ROOT), "--server", "oxigraph", "--graph", GRAPH]
    with fake_store() as server:
        cli.main([*arguments, "--url", server.url, "--file", str(path)], standalone_mode=False)
    assert "the graph holds exactly" in capsys.readouterr().out
    shown = terminal.getvalue()
    assert "sending" in shown and "verifying" in shown and "100%" in shown
    assert shown.index("sending") < shown.index("verifying")
    assert "reading" in shown and shown.index("reading") < shown.index("sending")
