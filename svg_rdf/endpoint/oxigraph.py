"""Oxigraph: start and stop the real Oxigraph server (the `oxigraph` executable from PyPI).

`OxigraphServer` runs `oxigraph serve` (or `serve-read-only`) on a loopback port, waits
until it answers, and stops it on exit; `load_store()` fills a store folder with
`oxigraph load`. The server's own messages go to a log file next to the store.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from types import TracebackType

from svg_rdf.endpoint.lifecycle import die_with_parent
from svg_rdf.errors import ConfigurationError, EndpointError

LOOPBACK = "127.0.0.1"
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


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on at this moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    """True when `host:port` can be bound now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


def _last_line(log: Path) -> str:
    try:
        lines = log.read_text("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""


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


class OxigraphServer:
    """A running Oxigraph server on 127.0.0.1; use it as a context manager."""

    def __init__(
        self,
        location: Path,
        *,
        port: int = DEFAULT_PORT,
        read_only: bool = False,
        executable: Path | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        self.location = location
        self.port = port
        self.read_only = read_only
        self.executable = executable
        self.startup_timeout = startup_timeout
        self.log = location.parent / f"{location.name}.oxigraph.log"
        self.process: subprocess.Popen[bytes] | None = None

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
        command = [
            str(self.executable or oxigraph_executable()),
            "serve-read-only" if self.read_only else "serve",
            "--location",
            str(self.location),
            "--bind",
            f"{LOOPBACK}:{self.port}",
        ]
        with self.log.open("wb") as log:
            # A session of its own: a Ctrl-C in the terminal reaches us, and we stop the
            # server in order instead of racing it.
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # Killed outright (SIGKILL), we cannot stop it: the kernel will.
                preexec_fn=die_with_parent(),
            )
        deadline = time.monotonic() + self.startup_timeout
        while not self._answers():
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise EndpointError(
                    f"the Oxigraph server stopped at startup (exit {code}): "
                    f"{self.last_message() or 'no message'}",
                    path=self.location,
                    fix="check the store folder and the port",
                )
            if time.monotonic() > deadline:
                self.stop()
                message = self.last_message()
                raise EndpointError(
                    f"the Oxigraph server did not answer within {self.startup_timeout:g} s"
                    + (f" (its last message: {message})" if message else ""),
                    path=self.location,
                    fix="check the store folder and the port",
                )
            time.sleep(0.05)

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=1.0)
        try:
            connection.request("HEAD", "/")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def last_message(self) -> str:
        """The last line the server wrote to its log."""
        return _last_line(self.log)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the server to exit by itself; its exit code, or None on timeout."""
        if self.process is None:
            return None
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after `timeout` seconds) and reap it."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM if os.name == "posix" else signal.SIGINT)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def kill(self) -> None:
        """Kill the server at once, as a crash would (for tests of interrupted loads)."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()

    def __enter__(self) -> OxigraphServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
