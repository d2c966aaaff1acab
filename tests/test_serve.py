"""`svg-rdf serve`: the real Oxigraph server, read-only on 127.0.0.1, stopped by Ctrl-C.

The command runs as a subprocess, as a user runs it: we read the URL it prints, query it
over HTTP, send SIGINT (what Ctrl-C sends) or SIGTERM, and check that it exits as a
shell reports the signal (130, 143) and frees the port.
"""

from __future__ import annotations

import csv
import http.client
import importlib
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.endpoint.oxigraph import free_port, port_is_free
from svg_rdf.endpoint.query import find_example
from tests.endpoint_data import ROOT, ntriples, one_violation, project
from tests.site_support import STARTUP, serving


def sparql_csv(port: int, query: str) -> list[dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/query",
            body=urllib.parse.urlencode({"query": query}),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"},
        )
        response = connection.getresponse()
        assert response.status == 200
        return list(csv.DictReader(io.StringIO(response.read().decode())))
    finally:
        connection.close()


def status_of(port: int, method: str, path: str, body: bytes | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/n-triples"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_serve_query_and_ctrl_c() -> None:
    with serving() as (process, url, port):
        assert url == f"http://127.0.0.1:{port}/"
        assert status_of(port, "GET", "/") == 200  # Oxigraph's query page
        count = sparql_csv(port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert count == [{"n": str(len(ntriples().expected or ()))}]
        # An example query, exactly as shipped, runs on the served endpoint.
        rows = sparql_csv(port, find_example(project(), "disagreements").text)
        assert {("P1120", "227"), ("P1120", "236")} <= {(r["property"], r["value"]) for r in rows}
        # Read-only: nothing can be written.
        assert status_of(port, "PUT", "/store?default", b"<urn:a> <urn:b> <urn:c> .\n") == 403
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert out.strip().endswith("stopped")
    assert err == ""
    assert port_is_free(port)


def test_serve_a_data_file_and_sigterm(tmp_path: Path) -> None:
    data = tmp_path / "svg-rdf.nt"
    data.write_bytes(ntriples().data)
    with serving("--data", str(data)) as (process, _url, port):
        count = sparql_csv(port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert count == [{"n": str(len(ntriples().expected or ()))}]
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 143
    assert out.strip().endswith("stopped")
    assert port_is_free(port)


def test_a_taken_port_is_refused() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--project", str(ROOT), "--port", str(port)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"port {port} on 127.0.0.1 is already in use; stop what uses it, "
        "or choose another with --port\n"
    )


def test_a_bad_data_file_is_reported(tmp_path: Path) -> None:
    data = tmp_path / "bad.nt"
    data.write_text("<urn:a> <urn:b> .\n")
    result = CliRunner().invoke(
        cli, ["serve", "--project", str(ROOT), "--port", str(free_port()), "--data", str(data)]
    )
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{data}: oxigraph load failed")
    assert result.stderr.count("\n") == 1


def test_a_graph_that_violates_the_shapes_is_not_served(monkeypatch: pytest.MonkeyPatch) -> None:
    failing = SimpleNamespace(report=one_violation())  # refused before its files are read
    # serve takes build from its module (svg_rdf.api.build is the function, as svg_rdf.build)
    module = importlib.import_module("svg_rdf.api.build")
    monkeypatch.setattr(module, "build", lambda *_a, **_k: failing)
    result = CliRunner().invoke(cli, ["serve", "--project", str(ROOT), "--port", str(free_port())])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "the graph violates the shapes (1 violations); nothing to serve; "
        "run svg-rdf build to see them\n"
    )


@pytest.mark.parametrize("name", ["serve", "load", "query"])
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) > 5


# Good citizen: nothing left behind, whatever signal ends it (issue 15, item 6) -----------


def start_serve(tmp: Path, *, ignore_sigint: bool = False) -> tuple[subprocess.Popen[str], int]:
    """`svg-rdf serve` with its temporary folder in `tmp`; optionally started the way a
    shell starts a background job (SIGINT ignored)."""
    port = free_port()

    def background() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    process = subprocess.Popen(
        [sys.executable, "-m", "svg_rdf", "serve", "--project", str(ROOT), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)},
        preexec_fn=background if ignore_sigint else None,
    )
    return process, port


def folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("svg-rdf-serve-*"))


def oxigraph_processes(tmp: Path) -> list[int]:
    """Live (not zombie) processes whose command line names a folder in `tmp`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if "oxigraph" in command and str(tmp) in command and state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition: Callable[[], bool], seconds: float = STARTUP) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


needs_proc = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")


@needs_proc
def test_sigkill_leaves_no_server_and_the_next_serve_removes_the_store(tmp_path: Path) -> None:
    process, port = start_serve(tmp_path)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("serving ")
        [stale] = folders(tmp_path)
        assert oxigraph_processes(tmp_path)
        process.kill()
        process.communicate(timeout=30)
        assert wait_for(lambda: not oxigraph_processes(tmp_path), 10), "an orphan Oxigraph"
        assert wait_for(lambda: port_is_free(port), 10)
        again, _ = start_serve(tmp_path)
        try:
            assert again.stdout is not None
            assert again.stdout.readline().startswith("serving ")
            assert not stale.exists()
            again.send_signal(signal.SIGTERM)
            again.communicate(timeout=30)
        finally:
            if again.poll() is None:
                again.kill()
                again.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)
    assert folders(tmp_path) == []
    assert not oxigraph_processes(tmp_path)


@needs_proc
@pytest.mark.parametrize(
    ("sent", "ignore_sigint"),
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["sigterm-while-building", "sigint-to-a-background-serve-while-building"],
)
def test_a_signal_while_building_leaves_nothing(
    tmp_path: Path, sent: signal.Signals, ignore_sigint: bool
) -> None:
    process, port = start_serve(tmp_path, ignore_sigint=ignore_sigint)
    try:
        assert wait_for(lambda: bool(folders(tmp_path))), "serve made no folder"
        process.send_signal(sent)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)
    assert process.returncode == 128 + sent, err
    assert "serving" not in out and out.strip().endswith("stopped")
    assert folders(tmp_path) == []
    assert not oxigraph_processes(tmp_path)
    assert port_is_free(port)
