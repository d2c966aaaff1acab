"""ServerProcess (svg_rdf/endpoint/process.py) with real child processes.

The server is Python's own `http.server` (or a child that never answers, or one that dies at
once): start waits until it answers, stop ends it by pid with SIGTERM and falls back to
SIGKILL, kill is immediate, startup failures are one line naming the child's last message,
and no test leaves a process behind.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from svg_rdf.endpoint import transport
from svg_rdf.endpoint.process import ServerProcess, free_port, http_answers, last_line
from svg_rdf.errors import EndpointError
from svg_rdf.wire import header_number
from tests.loopback import LoopbackServer, read_request

SERVE = (
    "import http.server, sys; http.server.test(http.server.SimpleHTTPRequestHandler, "
    "http.server.ThreadingHTTPServer, port=int(sys.argv[1]), bind='127.0.0.1')"
)
DEAF = "import os, sys, time; print('pid', os.getpid(), flush=True); time.sleep(60)"
DIES = (
    "import sys; print('starting'); print('boom: the store is locked', file=sys.stderr); "
    "sys.exit(3)"
)
STUBBORN = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); " + SERVE


class Child(ServerProcess):
    """A Python one-liner as the server; it answers when HEAD / on its port gets 200."""

    title = "the test server"
    fix = "read the test"

    def __init__(self, folder: Path, script: str, *, startup_timeout: float = 20.0) -> None:
        self.script = script
        self.port = free_port()
        log = folder / "child.log"
        super().__init__(
            folder, output=log, logs=[log], startup_timeout=startup_timeout, cwd=folder
        )

    def command(self) -> list[str]:
        return [sys.executable, "-c", self.script, str(self.port)]

    def answers(self) -> bool:
        return http_answers(self.port, "HEAD", "/", timeout=1.0)


def gone(pid: int) -> bool:
    """True when no process has `pid` (our children are reaped, so not even a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_start_waits_until_it_answers_and_stop_ends_it_by_pid(tmp_path: Path) -> None:
    server = Child(tmp_path, SERVE)
    assert server.pid is None and not server.running()
    with server:
        pid = server.pid
        assert pid is not None and server.running()
        assert http_answers(server.port, "GET", "/", timeout=2.0)
        # its own session: a Ctrl-C in our terminal does not reach it directly
        assert os.getsid(pid) == pid
        process = server.process
    assert process is not None and process.returncode == -signal.SIGTERM
    assert server.pid is None and not server.running() and gone(pid)
    server.stop()  # stopping twice is harmless


def test_stop_falls_back_to_sigkill(tmp_path: Path) -> None:
    server = Child(tmp_path, STUBBORN)
    server.start()
    process = server.process
    assert process is not None
    server.stop(timeout=0.5)
    assert process.returncode == -signal.SIGKILL
    assert gone(process.pid)


def test_kill_is_immediate_and_wait_reports_the_exit(tmp_path: Path) -> None:
    with Child(tmp_path, SERVE) as server:
        assert server.wait(timeout=0.1) is None  # still serving
        pid = server.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # a crash from outside
        assert server.wait(timeout=10) == -signal.SIGKILL
        assert not server.running()
    restarted = Child(tmp_path, STUBBORN)
    restarted.start()
    process = restarted.process
    restarted.kill()
    assert process is not None and process.returncode == -signal.SIGKILL
    assert restarted.pid is None and restarted.wait() is None


def test_a_child_that_dies_at_startup_is_one_line_with_its_last_message(tmp_path: Path) -> None:
    server = Child(tmp_path, DIES)
    with pytest.raises(EndpointError) as failure:
        server.start()
    message = str(failure.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path}: the test server stopped at startup (exit 3): ")
    assert "boom: the store is locked; read the test" in message
    assert server.pid is None and not server.running()


def test_a_child_that_never_answers_is_stopped_at_the_deadline(tmp_path: Path) -> None:
    server = Child(tmp_path, DEAF, startup_timeout=0.5)
    with pytest.raises(EndpointError) as failure:
        server.start()
    message = str(failure.value)
    assert "the test server did not answer within 0.5 s (its last message: pid " in message
    pid = int(message.split("(its last message: pid ")[1].split(")")[0])
    assert gone(pid)  # stopped and reaped before the error was raised
    assert server.pid is None


def test_each_start_writes_a_new_log(tmp_path: Path) -> None:
    with pytest.raises(EndpointError):
        Child(tmp_path, DIES).start()
    with Child(tmp_path, SERVE) as server:
        assert "boom" not in (tmp_path / "child.log").read_text()
        assert server.last_message() == last_line([tmp_path / "child.log"])


def test_last_line_reads_the_first_log_with_a_line(tmp_path: Path) -> None:
    empty, full = tmp_path / "empty.log", tmp_path / "full.log"
    empty.write_text("\n  \n")
    full.write_text("first\n  last  \n\n")
    assert last_line([tmp_path / "missing.log", empty, full]) == "last"
    assert last_line([tmp_path / "missing.log", empty]) == ""


@pytest.mark.parametrize(
    ("value", "number"),
    [("12", 12), (" 7 ", 7), ("0", 0), (None, None), ("", None), ("\u00b2", None),
     ("\u0661\u0662", None), ("1.5", None), ("-3", None), ("12a", None)],
)  # fmt: skip
def test_a_header_number_is_ascii_digits_only(value: str | None, number: int | None) -> None:
    assert header_number(value) == number


def test_an_answer_whose_length_is_no_ascii_number_is_read_as_any_other() -> None:
    """load's transport read `Content-Length: ²` with int() (a ValueError traceback)."""
    body = b"<urn:a> <urn:b> <urn:c> .\n"

    def handler(connection: socket.socket, server: LoopbackServer) -> None:
        server.record(read_request(connection))
        head = b"HTTP/1.1 200 OK\r\nContent-Length: \xb2\r\nConnection: close\r\n\r\n"
        connection.sendall(head + body)

    with LoopbackServer(handler) as server:
        answer = transport.send(
            "GET", f"{server.url}/x", headers={}, timeouts=transport.Timeouts(5, 5)
        )
    assert answer.status == 200 and answer.body == body
