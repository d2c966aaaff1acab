"""Docs: every command and code block in README.md and docs/*.md runs, and says what it does.

Each document's blocks run in order in one copy of this project, as a reader would type them:
- ```sh blocks: each command in bash, exit code 0; a trailing `&` or a `serve` command starts
  a server in the background (port 7878 becomes a free port, /tmp/ a temporary folder), and
  every server is stopped by its process group when the document is done;
- blocks of `$ command` lines followed by output: the command runs and prints that output
  (exit codes are not compared; paths of the copy read /path/to/svg-rdf; counts of three or
  more digits are not compared);
- ```python blocks run; ```toml blocks parse, and a `[[claim]]` example builds when added to
  the project's facts; ```turtle sketches of the contract use only terms the built graph uses.
A command that names any other host than 127.0.0.1 fails the test before it runs.
The README's own first command, the main job, runs in a fresh virtualenv in a copy of the tree.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^( *)```(\S*)\s*$")
PLACEHOLDER = "/path/to/svg-rdf"
TIMEOUT = 300
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Block:
    document: Path
    line: int
    lang: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(REPO)}:{self.line}"


def blocks(document: Path) -> list[Block]:
    found: list[Block] = []
    lines = document.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        start = FENCE.match(lines[i])
        if not start:
            i += 1
            continue
        indent, lang = start.group(1), start.group(2)
        body: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
            j += 1
        found.append(Block(document, i + 1, lang, "\n".join(body) + "\n"))
        i = j + 1
    return found


def commands(text: str) -> Iterator[str]:
    """The shell commands of a block: continuations joined, comments and blanks dropped."""
    pending = ""
    for raw in text.splitlines():
        line = pending + raw
        if line.endswith("\\"):
            pending = line[:-1]
            continue
        pending = ""
        line = re.sub(r"\s+#\s.*$", "", line)  # a trailing comment
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], where: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{where}: the server exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"{where}: nothing listens on port {port} after 120 s")


class Reader:
    """A reader at a terminal in a copy of the project, with the project's .venv/bin."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root.parent / "tmp"
        self.tmp.mkdir()
        self.port = free_port()
        self.servers: list[subprocess.Popen[bytes]] = []
        bindir = root / ".venv" / "bin"
        bindir.mkdir(parents=True)
        real = Path(sys.executable).parent
        for name in ("svg-rdf", "oxigraph", "python", "python3", "pip", "pyshacl"):
            if (real / name).exists():
                (bindir / name).symlink_to(real / name)
        self.env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}

    def localise(self, command: str) -> str:
        return command.replace("7878", str(self.port)).replace("/tmp/", f"{self.tmp}/")

    def run(self, command: str, where: str, *, check: bool = True) -> str:
        command = self.localise(command)
        for host in re.findall(r"\b[a-z][a-z+.-]*://\[?([^/:\s\]]+)", command):
            assert host in LOOPBACK, f"{where}: a docs command may reach only 127.0.0.1: {command}"
        if command.rstrip().endswith("&") or re.search(r"\bsvg-rdf serve\b", command):
            self.start(command.rstrip().rstrip("&"), where)
            return ""
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert result.returncode == 0 or not check, (
            f"{where}: `{command}` exited {result.returncode}\n{result.stdout}{result.stderr}"
        )
        return result.stdout + result.stderr

    def start(self, command: str, where: str) -> None:
        for server in self.servers:  # one server per port at a time, as in the docs
            self.stop(server)
        self.servers = []
        process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=self.root,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.servers.append(process)
        wait_for_port(self.port, process, where)

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        """Stop a server like Ctrl-C's neighbour SIGTERM would, and wait until its port is free."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.2)
        pytest.fail(f"port {self.port} still answers 30 s after its server was stopped")

    def close(self) -> None:
        for server in self.servers:
            self.stop(server)


def project_copy(target: Path) -> Path:
    for folder in ("seeds", "ontology", "shapes", "queries", "output", "tests", "docs"):
        if (REPO / folder).exists():
            shutil.copytree(
                REPO / folder,
                target / folder,
                ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"),
            )
    for name in ("README.md", "pyproject.toml"):
        shutil.copy2(REPO / name, target / name)
    return target


def normalise(text: str, root: Path) -> str:
    text = text.replace(str(root), PLACEHOLDER)
    text = re.sub(r"\d{3,}", "N", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def transcript(block: Block, reader: Reader) -> None:
    """`$ command` lines with the output they print, as in a terminal."""
    command: str | None = None
    expected: list[str] = []

    def finish() -> None:
        if command is not None:
            got = reader.run(command.split("  #")[0], block.where, check=False)
            assert normalise(got, reader.root) == normalise("\n".join(expected), reader.root), (
                f"{block.where}: `{command}` printed\n{got}"
            )

    for line in block.text.splitlines():
        if line.startswith("$ "):
            finish()
            command, expected = line[2:], []
        else:
            expected.append(line)
    finish()


def claim_example(block: Block, root: Path) -> None:
    """A documented claim, added to the project's facts, builds."""
    (root / "seeds" / "facts" / "zz-docs-example.toml").write_text(block.text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "svg_rdf", "build", "--project", str(root)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, (
        f"{block.where}: the example claim does not build\n{result.stderr}"
    )
    (root / "seeds" / "facts" / "zz-docs-example.toml").unlink()


PREFIXED = re.compile(r"(?<![\w/<#.])([a-z]+):([A-Za-z][\w-]*)(\.\.\.)?")


def turtle_sketch(block: Block) -> None:
    """Every prefixed term a sketch of the contract names is in the built graph."""
    built = (REPO / "output" / "svg-rdf.ttl").read_text(encoding="utf-8")
    prefixes = set(re.findall(r"^@prefix (\w+):", built, re.M))
    sketch = re.sub(r"\s#.*", "", block.text)  # comments
    for match in PREFIXED.finditer(sketch):
        prefix, local, elided = match.groups()
        if prefix not in prefixes or elided:
            continue  # `wd:Q...`, `svgs:3f1c...`: an id left out of the sketch
        term = f"{prefix}:{local}"
        assert re.search(rf"(?<![\w:]){re.escape(term)}(?![\w-])", built), (
            f"{block.where}: {term} is not in output/svg-rdf.ttl"
        )


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_block_runs(document: Path, tmp_path: Path) -> None:
    root = project_copy(tmp_path / "svg-rdf")
    reader = Reader(root)
    try:
        for block in blocks(document):
            if document.name == "README.md" and block.line < 10:
                continue  # the two opening commands: test_readme_opens_with_the_two_commands
            if block.lang == "sh":
                for command in commands(block.text):
                    reader.run(command, block.where)
            elif block.lang == "python":
                code = textwrap.dedent(block.text)
                result = subprocess.run(
                    [sys.executable, "-c", code], cwd=root, capture_output=True, text=True
                )
                assert result.returncode == 0, f"{block.where}: {result.stderr}"
            elif block.lang == "toml":
                tomllib.loads(block.text)
                if "[[claim]]" in block.text:
                    claim_example(block, root)
            elif block.lang == "turtle":
                turtle_sketch(block)
            elif block.text.startswith("$ "):
                transcript(block, reader)
    finally:
        reader.close()


def test_readme_opens_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = blocks(REPO / "README.md")[0]
    assert readme.startswith("# svg-rdf\n\n```sh\n")
    main_job, tests = list(commands(first.text))
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci, ".ci/run must run the README's test command exactly"
    assert main_job.startswith("python3 -m venv .venv && ") and "svg-rdf build" in main_job
    assert len(readme.splitlines()) <= 150


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to list the tree")
def test_readme_main_job_works_in_a_fresh_copy(tmp_path: Path) -> None:
    """The README's first command, exactly, in a copy of the tracked tree with no virtualenv."""
    main_job = next(commands(blocks(REPO / "README.md")[0].text))
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    clone = tmp_path / "svg-rdf"
    for name in filter(None, files):
        source = REPO / name.decode()
        if source.is_file():
            (clone / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name.decode())
    shutil.rmtree(clone / "output")
    if (REPO.parent / "shared").exists():
        (tmp_path / "shared").symlink_to(REPO.parent / "shared")
    result = subprocess.run(
        ["bash", "-c", main_job], cwd=clone, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passes" in result.stdout
    for name in ("svg-rdf.ttl", "svg-rdf.nt", "svg-rdf.jsonld", "void.ttl"):
        assert (clone / "output" / name).read_bytes() == (REPO / "output" / name).read_bytes()


def schema_keys(schema: object) -> set[str]:
    """Every property name a JSON Schema declares, at any depth."""
    keys: set[str] = set()
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            keys.add(name)
            keys |= schema_keys(sub)
        for name, value in schema.items():
            if name != "properties" and isinstance(value, dict | list):
                keys |= schema_keys(value)  # items, $defs, anyOf, ...: schemas in turn
    elif isinstance(schema, list):
        for item in schema:
            keys |= schema_keys(item)
    return keys


def test_the_curating_guide_names_every_key_of_every_data_file() -> None:
    import json

    guide = (REPO / "docs" / "curating.md").read_text(encoding="utf-8")
    schemas = sorted((REPO / "svg_rdf" / "defaults" / "schemas").glob("*.schema.json"))
    assert schemas
    for path in schemas:
        for key in sorted(schema_keys(json.loads(path.read_text(encoding="utf-8")))):
            assert f"`{key}`" in guide, f"docs/curating.md does not name `{key}` ({path.name})"
