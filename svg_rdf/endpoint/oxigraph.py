"""Oxigraph: start and stop the real Oxigraph server (the `oxigraph` executable from PyPI).

`OxigraphServer` runs `oxigraph serve` (or `serve-read-only`) on a loopback port, waits
until it answers, and stops it on exit (the child process is run by process.py's
`ServerProcess`); `load_store()` fills a store folder with
`oxigraph load`. The server's own messages go to a log file next to the store.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from math import ceil
from pathlib import Path

from svg_rdf.endpoint.lifecycle import die_with_parent
from svg_rdf.endpoint.process import (
    LOOPBACK,
    ServerProcess,
    free_port,
    http_answers,
    port_is_free,
)
from svg_rdf.errors import ConfigurationError, EndpointError

# LOOPBACK, free_port and port_is_free live in process.py; importers still find them here.
__all__ = [
    "DEFAULT_PORT",
    "LOOPBACK",
    "OxigraphServer",
    "free_port",
    "load_store",
    "oxigraph_executable",
    "port_is_free",
]

DEFAULT_PORT = 7878


def oxigraph_executable() -> Path:
    """The `oxigraph` executable: next to this Python's scripts, else on PATH.

    Raises ConfigurationError when it is not installed.
    """
    name = "oxigraph.exe" if sys.platform == "win32" else "oxigraph"
    beside = Path(sysconfig.get_path("scripts")) / name
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ConfigurationError(
        "the oxigraph executable is not installed",
        fix="pip install 'oxigraph>=0.5,<0.6' (a dependency of svg-rdf) in this environment",
    )


def load_store(location: Path, data_file: Path, *, executable: Path | None = None) -> None:
    """Load the RDF file `data_file` (format from its extension) into the default graph.

    Raises EndpointError with Oxigraph's own explanation when the load fails.
    """
    command = [
        str(executable or oxigraph_executable()),
        "load",
        "--location",
        str(location),
        "--file",
        str(data_file),
    ]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=die_with_parent(),
    ) as process:
        try:
            _, stderr = process.communicate(timeout=3600)
        except BaseException:
            # Interrupted (a stop signal) or too slow: the child must be gone before the
            # caller removes its folder.
            process.kill()
            process.wait()
            raise
    if process.returncode != 0:
        lines = stderr.strip().splitlines() or ["no message"]
        raise EndpointError(
            f"oxigraph load failed (exit {process.returncode}): {lines[-1]}",
            path=data_file,
            fix="check that the file is valid RDF",
        )


class OxigraphServer(ServerProcess):
    """A running Oxigraph server on 127.0.0.1; use it as a context manager."""

    title = "the Oxigraph server"
    fix = "check the store folder and the port"

    def __init__(
        self,
        location: Path,
        *,
        port: int = DEFAULT_PORT,
        read_only: bool = False,
        executable: Path | None = None,
        startup_timeout: float = 30.0,
        query_timeout: float | None = None,
        memory_limit: int | None = None,
    ) -> None:
        self.location = location
        self.query_timeout = query_timeout  # seconds a query may run (Oxigraph's --timeout-s)
        # bytes of address space the server may use (RLIMIT_AS): a query needing more makes
        # it stop ("memory allocation of N bytes failed"), where it would take the machine's
        self.memory_limit = memory_limit
        self.port = port
        self.read_only = read_only
        self.executable = executable
        self.log = location.parent / f"{location.name}.oxigraph.log"
        super().__init__(
            location, output=self.log, logs=[self.log], startup_timeout=startup_timeout
        )

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> None:
        """Start the server and wait until it answers HTTP.

        Raises EndpointError when the port is taken or the server does not come up.
        """
        if not port_is_free(self.port):
            raise EndpointError(
                f"port {self.port} on {LOOPBACK} is already in use",
                fix="stop what uses it, or choose another with --port",
            )
        super().start()

    def restart(self) -> None:
        """Start the server again on its port after it stopped (the port may still hold
        the old connections in TIME_WAIT, which Oxigraph's own bind, SO_REUSEADDR, takes
        over; `start` would call it taken). Raises EndpointError when it does not come up."""
        self.stop()
        super().start()

    def command(self) -> list[str]:
        return [
            str(self.executable or oxigraph_executable()),
            "serve-read-only" if self.read_only else "serve",
            "--location",
            str(self.location),
            "--bind",
            f"{LOOPBACK}:{self.port}",
            # whole seconds: Oxigraph refuses "1.5"
            *(() if self.query_timeout is None else ("--timeout-s", str(ceil(self.query_timeout)))),
        ]

    def answers(self) -> bool:
        return http_answers(self.port, "HEAD", "/", timeout=1.0)

    def preexec(self) -> Callable[[], None] | None:
        parent = super().preexec()
        limit = self.memory_limit
        if limit is None:
            return parent

        import resource  # POSIX only, as the limit is; imported here, not in the child

        def limited() -> None:
            if parent is not None:
                parent()
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        return limited

    def ran_out_of_memory(self) -> bool:
        """Whether the server stopped because a query needed more than `memory_limit`
        (Rust's allocator aborts with "memory allocation of N bytes failed")."""
        return self.memory_limit is not None and "memory allocation of" in "\n".join(
            path.read_text(encoding="utf-8", errors="replace")[-4096:]
            for path in self.logs
            if path.is_file()
        )
