"""Test helpers for the site: its files from the cached build, an HTML reader, and a
real `svg-rdf serve` in a subprocess."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from svg_rdf.api import Built, build
from svg_rdf.endpoint.oxigraph import free_port
from svg_rdf.export.writer import OutputFile
from tests.endpoint_data import ROOT, project

STARTUP = 120.0  # seconds: a build (site included), an `oxigraph load`, two servers


@functools.cache
def built() -> Built:
    """The project's whole build, site included, in memory (once per test session)."""
    return build(project(), write=False)


def site_files() -> dict[str, OutputFile]:
    """Every file of the build by name (`site/...` and the downloads)."""
    return {file.name: file for file in built().files}


class Page(HTMLParser):
    """What the tests read from a page: ids, links, elements by class, visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, dict[str, str | None]]] = []  # (tag, url, attrs)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.starts.append((tag, values))
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            url = values.get(name)
            if url is not None:
                self.links.append((tag, url, values))

    def with_class(self, tag: str, cls: str) -> list[dict[str, str | None]]:
        return [v for t, v in self.starts if t == tag and cls in (v.get("class") or "").split()]


class SourceText(HTMLParser):
    """The text inside `<div class="source-text">`, with the offset of each anchor id
    (citation numbers in `<sup>` are not part of the source)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = False
        self.in_sup = 0
        self.text: list[str] = []
        self.length = 0
        self.anchors: dict[str, int] = {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and values.get("class") == "source-text":
            self.inside, self.depth = True, 0
        if not self.inside:
            return
        if tag == "div":
            self.depth += 1
        if tag == "sup":
            self.in_sup += 1
        if "anchor" in (values.get("class") or "").split() and values.get("id"):
            self.anchors[values["id"] or ""] = self.length

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "sup":
            self.in_sup -= 1
        if tag == "div":
            self.depth -= 1
            if self.depth == 0:
                self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and not self.in_sup:
            self.text.append(data)
            self.length += len(data)


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
        stdin=subprocess.DEVNULL,
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


@contextmanager
def serving_site(*arguments: str) -> Iterator[str]:
    """`svg-rdf serve` on a free 127.0.0.1 port; yields its URL (no trailing slash)."""
    with serving(*arguments) as (_process, _url, port):
        yield f"http://127.0.0.1:{port}"


def artifacts() -> Path:
    """Where tests leave files for people to look at (screenshots); not committed."""
    folder = Path(os.environ.get("SVG_RDF_ARTIFACTS", ROOT / "test-artifacts")) / "site"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
