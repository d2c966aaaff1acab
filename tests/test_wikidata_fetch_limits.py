"""wikidata-fetch reads a bounded answer and a well-formed Retry-After only: an answer
larger than the cap is one line (exit 3), so is a cut-off or garbled answer, and a header of
non-ASCII digits is no number."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest

from svg_rdf.errors import EndpointError
from svg_rdf.wikidata import fetch as fetch_module
from svg_rdf.wikidata.fetch import DEFAULT_WAIT, MAX_ANSWER, Client, retry_after
from tests.loopback import Handler, LoopbackServer, read_request, status
from tests.test_wikidata_live import fetch, project_copy, serving, snapshot_files

CONTACT = "https://example.org/svg-rdf-tests/contact"


def test_an_answer_larger_than_the_cap_is_refused_in_one_line() -> None:
    assert MAX_ANSWER == 32 * 1024 * 1024
    body = b'{"entities": {"Q1": {}}}' + b" " * 5000
    with LoopbackServer(status(200, body)) as server:
        client = Client(server.url, CONTACT, pause=0, sleep=lambda _: None)
        client.max_answer = 4096
        with pytest.raises(EndpointError) as caught:
            client.one("Q1")
    message = str(caught.value)
    assert "\n" not in message
    assert "answered more than 4096 bytes" in message
    assert message.startswith(f"{server.url}/wiki/Special:EntityData/Q1.json")


def test_an_answer_within_the_cap_is_read() -> None:
    body = b'{"entities": {"Q1": {"id": "Q1", "type": "item", "lastrevid": 3}}}'
    with LoopbackServer(status(200, body)) as server:
        client = Client(server.url, CONTACT, pause=0, sleep=lambda _: None)
        client.max_answer = len(body)
        assert client.one("Q1").revision == 3


@pytest.mark.parametrize("value", ["²", "١٢", "7²", "½", "٣"])
def test_retry_after_accepts_ascii_digits_only(value: str) -> None:
    now = datetime(2026, 12, 7, 6, 0, 0, tzinfo=UTC)
    assert retry_after(value, now) == DEFAULT_WAIT
    assert retry_after(" 12 ", now) == 12.0


def cut_short(connection: socket.socket, server: LoopbackServer) -> None:
    """Announce 1000 bytes, send 20, close."""
    server.record(read_request(connection))
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
    connection.sendall(head + b'{"entities": {"Q1": ')


def garbled(connection: socket.socket, server: LoopbackServer) -> None:
    server.record(read_request(connection))
    connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")


@pytest.mark.parametrize(
    ("handler", "kind"), [(cut_short, "IncompleteRead"), (garbled, "BadStatusLine")]
)
def test_a_broken_answer_is_one_line_not_a_traceback(handler: Handler, kind: str) -> None:
    with LoopbackServer(handler) as server:
        client = Client(server.url, CONTACT, pause=0, sleep=lambda _: None)
        with pytest.raises(EndpointError) as caught:
            client.one("Q1")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{server.url}/wiki/Special:EntityData/Q1.json")
    assert f"answered a broken HTTP response ({kind})" in message


def test_the_command_refuses_an_oversized_answer_exit_3_writing_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch_module, "MAX_ANSWER", 100)  # every served item is larger
    root = project_copy(tmp_path)
    with serving(tmp_path) as server:
        code, out, err = fetch(root, server)
    assert code == 3
    assert out == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "answered more than 100 bytes" in err
    assert snapshot_files(root) == []
