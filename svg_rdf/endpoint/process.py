"""Process: a server program run as a child process on 127.0.0.1 and owned by its pid.

`ServerProcess` starts the program with its output in a log file, waits until it answers,
reports its last log line, and stops it by pid (SIGTERM, then SIGKILL) and reaps it, also
as a context manager. The child runs in a session of its own (a Ctrl-C in the terminal
reaches only us, and we stop it in order) and dies with us if we are killed outright.
A subclass says only what differs: its command line, how it is seen to answer, which
logs hold its messages, and how messages name it. oxigraph.py and virtuoso.py are two.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar, Self

from svg_rdf.endpoint.lifecycle import die_with_parent
from svg_rdf.errors import EndpointError

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on at this moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


# Ports every browser refuses to fetch from, whatever the host (the Fetch Standard's "bad
# ports", section "Port blocking"; whatwg/fetch fetch.bs lists these among them, and
# Chromium's net/base/port_util.cc kRestrictedPorts and the web-platform-tests'
# request-bad-port.any.js do too). Only those of 1024 and over: binding them needs no root.
# A server on one of them cannot be reached by a web page, not even with a no-cors request.
BROWSER_BLOCKED_PORTS = (2049, 3659, 4045, 5060, 5061, 6000, 6667, 6668, 6669, 6697, 10080)


def browser_blocked_port(host: str = LOOPBACK) -> int | None:
    """A free port that browsers refuse to fetch from (BROWSER_BLOCKED_PORTS), chosen at
    random among the free ones so that two servers starting at once rarely meet; None
    when all are taken."""
    free = [port for port in BROWSER_BLOCKED_PORTS if port_is_free(port, host)]
    return secrets.choice(free) if free else None


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    """True when `host:port` can be bound now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


def http_answers(port: int, method: str, target: str, *, timeout: float) -> bool:
    """True when `method target` on 127.0.0.1:`port` gets HTTP 200 within `timeout` seconds."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request(method, target)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def last_line(logs: Sequence[Path]) -> str:
    """The last non-blank line of the first of `logs` that has one; "" when none has."""
    for log in logs:
        with contextlib.suppress(OSError):
            lines = log.read_text("utf-8", "replace").strip().splitlines()
            if lines:
                return lines[-1].strip()
    return ""


class ServerProcess(ABC):
    """A server program running as our child process; use it as a context manager."""

    title: ClassVar[str]  # the server as messages name it, e.g. "the Oxigraph server"
    fix: ClassVar[str]  # what to do when it does not come up
    poll_interval: ClassVar[float] = 0.05  # seconds between two readiness probes
    stop_timeout: ClassVar[float] = 10.0  # seconds from SIGTERM to SIGKILL

    def __init__(
        self,
        place: Path,
        *,
        output: Path,
        logs: Sequence[Path],
        startup_timeout: float,
        cwd: Path | None = None,
    ) -> None:
        self.place = place  # what startup errors name: the store or database folder
        self.output = output  # the child's stdout and stderr, written anew each start
        self.logs = tuple(logs)  # where `last_message()` looks, in this order
        self.startup_timeout = startup_timeout
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None

    @abstractmethod
    def command(self) -> list[str]:
        """The command line; may prepare files and raise ConfigurationError."""

    @abstractmethod
    def answers(self) -> bool:
        """True once the server serves requests."""

    def preexec(self) -> Callable[[], None] | None:
        """What runs in the child before the server: by default, that it gets SIGTERM when
        this process dies (killed outright, SIGKILL, we cannot stop it: the kernel will)."""
        return die_with_parent()

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def start(self) -> None:
        """Start the server and wait until it answers.

        Raises EndpointError when it stops at startup or does not answer within
        `startup_timeout` seconds (then it is stopped first).
        """
        command = self.command()
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=self.preexec(),
            )
        deadline = time.monotonic() + self.startup_timeout
        while not self.answers():
            if self.process.poll() is not None:
                code, self.process = self.process.returncode, None
                raise EndpointError(
                    f"{self.title} stopped at startup (exit {code}): "
                    f"{last_line(self.logs) or 'no message'}",
                    path=self.place,
                    fix=self.fix,
                )
            if time.monotonic() > deadline:
                self.stop()
                message = last_line(self.logs)
                raise EndpointError(
                    f"{self.title} did not answer within {self.startup_timeout:g} s"
                    + (f" (its last message: {message})" if message else ""),
                    path=self.place,
                    fix=self.fix,
                )
            time.sleep(self.poll_interval)

    def last_message(self) -> str:
        """The last line the server wrote to its logs; "" when it wrote none."""
        return last_line(self.logs)

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

    def stop(self, timeout: float | None = None) -> None:
        """Stop the server by its pid (SIGTERM, then SIGKILL after `timeout` seconds,
        `stop_timeout` by default) and reap it; nothing when it is not running."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            # Popen signals only a child it has not reaped: never a reused pid.
            process.send_signal(signal.SIGTERM if os.name == "posix" else signal.SIGINT)
            try:
                process.wait(self.stop_timeout if timeout is None else timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would, and reap it."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
