"""`svg-rdf serve`: the real Oxigraph server, read-only on 127.0.0.1, stopped by Ctrl-C.

The command runs as a subprocess, as a user runs it: we read the URL it prints, query it
over HTTP, send SIGINT (what Ctrl-C sends) or SIGTERM, and check that it exits 0 and
frees the port.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.endpoint.oxigraph import free_port, port_is_free
from svg_rdf.endpoint.query import find_example
from tests.endpoint_data import ROOT, ntriples, project

STARTUP = 60.0  # seconds: a build, an `oxigraph load`, a server start


@contextmanager
def serving(*arguments: str) -> Iterator[tuple[subprocess.Popen[str], str, int]]:
    """`svg-rdf serve` in a subprocess; yields it, the URL it printed, and its port."""
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "svg_rdf",
            "serve",
            "--project",
            str(ROOT),
            "--port",
            str(port),
            *arguments,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the server answers, or the end
        assert line.startswith("serving "), line + (process.stderr.read() if process.stderr else "")
        url = line.rsplit(" at ", 1)[1].strip()
        assert process.stdout.readline().startswith(f"SPARQL endpoint: {url}query")
        yield process, url, port
    finally:
        if process.poll() is None:  # a failed test: stop it as a user would, so that
            process.terminate()  # it stops its Oxigraph server too
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        process.communicate(timeout=STARTUP)


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
    assert process.returncode == 0, err
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
    assert process.returncode == 0
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


@pytest.mark.parametrize("name", ["serve", "load", "query"])
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) > 5
