"""The redirect rules `build` writes, run by the real servers: nginx and Apache (mod_rewrite).

Each server is started on a free 127.0.0.1 port with a configuration made around the
generated snippet, asked for our IRIs with real HTTP requests, and stopped by its pid.
Missing servers skip the test, except in CI (where .ci/run installs them).
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from svg_rdf.site.nodes import Anchor, read_table
from svg_rdf.site.redirects import htaccess, nginx
from tests.deref_support import SAMPLES, entity_of, lands_on_the_node, samples
from tests.needs import missing
from tests.site_support import site_files

BASE = "https://w3id.org/svg-rdf/"
HOST = "https://example.org/data/"

NEGOTIATED = [  # Accept header -> the file a 303 must point at
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("text/html,*/*;q=0.8", "html"),
    (None, "html"),
]


def nodes() -> list[Anchor]:
    """The site's statement, reference and value rows, as the build passes them on."""
    return list(read_table(site_files()["site/nodes.tsv"].data).values())


def check_nodes(port: int, prefix: str, host: str) -> None:
    """A statement, a reference and a value IRI: 303 to the entity page's anchor for a
    browser, to the entity's document (which describes the node) for an RDF client."""
    for kind in SAMPLES:
        path = samples()[kind]
        for accept in ("text/html,*/*;q=0.8", None):
            status, location, _ = ask(port, f"{prefix}{path}", accept)
            assert status == 303 and location and location.startswith(host), (kind, location)
            assert lands_on_the_node(location, path), (kind, location)
        for accept, suffix in NEGOTIATED[:3]:
            status, location, _ = ask(port, f"{prefix}{path}", accept)
            assert status == 303 and location and location.startswith(host), (kind, location)
            assert entity_of(location) and location.endswith(f".{suffix}"), (kind, location)
    status, _, _ = ask(port, f"{prefix}statement/{'0' * 40}", "text/turtle")
    assert status != 303


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ask(port: int, path: str, accept: str | None = None) -> tuple[int, str | None, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept": accept} if accept else {})
        response = connection.getresponse()
        location = response.getheader("Location")
        return response.status, location, response.read()
    finally:
        connection.close()


@contextmanager
def running(command: list[str], port: int, log: Path) -> Iterator[None]:
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"{command[0]} exited {process.returncode}: {log.read_text()[-500:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"{command[0]} does not listen: {log.read_text()[-500:]}")
            time.sleep(0.1)
        yield
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def published() -> Iterator[Path]:
    """output/ as a host would hold it (world-readable, for servers' unprivileged workers)."""
    folder = Path(tempfile.mkdtemp(prefix="svg-rdf-host-"))
    try:
        for name, file in site_files().items():
            target = folder / "output" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_nginx_serves_the_iris_by_content_negotiation(published: Path) -> None:
    executable = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if executable is None:
        missing("nginx", "apt-get install nginx-light")
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/svg-rdf/"
    lines = nginx(site_url=site_url, nodes=nodes()).decode().splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("location"))
    maps = "\n".join(lines[:first])
    locations = "\n".join(lines[first:]).replace("/srv/svg-rdf/output/", f"{published}/output/")
    run = published / "nginx"
    run.mkdir()
    temp = " ".join(
        f"{kind}_temp_path {run}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (run / "nginx.conf").write_text(
        f"daemon off;\npid {run}/nginx.pid;\nerror_log {run}/error.log;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")
        + f"events {{}}\nhttp {{\naccess_log off;\n{temp}\ndefault_type application/octet-stream;\n"
        f"{maps}\nserver {{\nlisten 127.0.0.1:{port};\n{locations}\n}}\n}}\n"
    )
    (run / "error.log").touch()
    with running(
        [executable, "-p", str(run), "-c", str(run / "nginx.conf")], port, run / "error.log"
    ):
        for accept, suffix in NEGOTIATED:
            status, location, _ = ask(port, "/svg-rdf/entity/lev-shuster", accept)
            assert (status, location) == (
                303,
                f"http://127.0.0.1:{port}/svg-rdf/site/entity/lev-shuster.{suffix}",
            ), accept
            status, _, body = ask(port, f"/svg-rdf/site/entity/lev-shuster.{suffix}")
            assert status == 200 and body == site_files()[f"site/entity/lev-shuster.{suffix}"].data
        status, location, _ = ask(port, "/svg-rdf/source/001_fac9f245705e1fde", "text/turtle")
        assert location and location.endswith("/svg-rdf/site/source/001_fac9f245705e1fde.ttl")
        status, location, _ = ask(port, "/svg-rdf/dataset", "application/ld+json")
        assert location and location.endswith("/svg-rdf/site/dataset.jsonld")
        status, location, _ = ask(port, "/svg-rdf/")
        assert (status, location) == (302, f"http://127.0.0.1:{port}/svg-rdf/site/index.html")
        check_nodes(port, "/svg-rdf/", site_url)
        path = samples()["reference"]
        status, location, _ = ask(port, f"/svg-rdf/{path}", "text/turtle")
        assert location is not None
        status, _, body = ask(port, location.removeprefix(f"http://127.0.0.1:{port}"))
        assert status == 200 and body == site_files()[location.split("/svg-rdf/", 1)[1]].data


@contextmanager
def apache(published: Path, document_root: Path, port: int) -> Iterator[None]:
    """A real Apache on 127.0.0.1:`port` serving `document_root`, .htaccess files allowed."""
    executable = shutil.which("apache2") or (
        "/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None
    )
    modules = Path("/usr/lib/apache2/modules")
    if executable is None or not (modules / "mod_rewrite.so").exists():
        missing("apache2", "apt-get install apache2")
    for path in [document_root, *document_root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    run = published / "apache"
    run.mkdir()
    load = "\n".join(
        f"LoadModule {name}_module {modules}/mod_{name}.so"
        for name in ("mpm_event", "authz_core", "rewrite")
    )
    (run / "httpd.conf").write_text(
        f"{load}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {run}/httpd.pid\n"
        f"ErrorLog {run}/error.log\nUser nobody\nGroup nogroup\nDefaultRuntimeDir {run}\n"
        f'DocumentRoot "{document_root}"\n<Directory "{document_root}">\n'
        "  AllowOverride All\n  Require all granted\n</Directory>\n"
    )
    (run / "error.log").touch()
    command = [str(executable), "-d", str(run), "-f", str(run / "httpd.conf"), "-DFOREGROUND"]
    with running(command, port, run / "error.log"):
        yield


def test_apache_runs_the_w3id_htaccess(published: Path) -> None:
    port = free_port()
    w3id = published / "w3id" / "svg-rdf"
    w3id.mkdir(parents=True)
    (w3id / ".htaccess").write_bytes(htaccess(base_iri=BASE, site_url=HOST, nodes=nodes()))
    with apache(published, published / "w3id", port):
        for accept, suffix in NEGOTIATED:
            status, location, _ = ask(port, "/svg-rdf/entity/lev-shuster", accept)
            assert (status, location) == (303, f"{HOST}site/entity/lev-shuster.{suffix}"), accept
        status, location, _ = ask(port, "/svg-rdf/source/001_fac9f245705e1fde", "text/turtle")
        assert (status, location) == (303, f"{HOST}site/source/001_fac9f245705e1fde.ttl")
        status, location, _ = ask(port, "/svg-rdf/dataset")
        assert (status, location) == (303, f"{HOST}site/dataset.html")
        status, location, _ = ask(port, "/svg-rdf/")
        assert (status, location) == (302, f"{HOST}site/index.html")
        status, location, _ = ask(port, "/svg-rdf/svg-rdf.ttl")
        assert (status, location) == (302, f"{HOST}svg-rdf.ttl")
        check_nodes(port, "/svg-rdf/", HOST)


def test_apache_serving_output_itself_answers_node_iris(published: Path) -> None:
    """Without site_url the .htaccess is for an Apache serving output/ at the base path:
    node IRIs go to the entity's files on the same host, which it then serves."""
    port = free_port()
    here = f"http://127.0.0.1:{port}/svg-rdf/"
    root = published / "www"
    root.mkdir()
    (published / "output").rename(root / "svg-rdf")
    (root / "svg-rdf" / ".htaccess").write_bytes(
        htaccess(base_iri=here, site_url=here, nodes=nodes())
    )
    with apache(published, root, port):
        check_nodes(port, "/svg-rdf/", here)
        for kind in SAMPLES:
            status, location, _ = ask(port, f"/svg-rdf/{samples()[kind]}", "text/turtle")
            assert status == 303 and location is not None
            status, _, body = ask(port, location.removeprefix(f"http://127.0.0.1:{port}"))
            assert status == 200 and body == site_files()[location.removeprefix(here)].data
