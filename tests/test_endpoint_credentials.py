"""Credentials: environment variables, then netrc; never shown, never echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from svg_rdf.endpoint.credentials import Credentials, find_credentials
from svg_rdf.errors import ConfigurationError

URL = "http://127.0.0.1:7878/store"


def netrc_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "netrc"
    path.write_text(text)
    path.chmod(0o600)
    return path


def test_environment_variables_come_first(tmp_path: Path) -> None:
    path = netrc_file(tmp_path, "machine 127.0.0.1 login bob password fromnetrc\n")
    found = find_credentials(
        URL,
        environ={"SVG_RDF_USER": "alice", "SVG_RDF_PASSWORD": "s3cret", "NETRC": str(path)},
    )
    assert found == Credentials("alice", "s3cret", "SVG_RDF_USER/SVG_RDF_PASSWORD")


@pytest.mark.parametrize("given", ["SVG_RDF_USER", "SVG_RDF_PASSWORD"])
def test_one_variable_alone_is_an_error(given: str) -> None:
    with pytest.raises(ConfigurationError, match="is not set but") as caught:
        find_credentials(URL, environ={given: "s3cret"})
    assert "s3cret" not in str(caught.value)


def test_netrc_named_by_NETRC_matches_the_host(tmp_path: Path) -> None:
    path = netrc_file(
        tmp_path,
        "machine other.example login x password y\nmachine 127.0.0.1 login bob password pw1\n",
    )
    found = find_credentials(URL, environ={"NETRC": str(path)})
    assert found is not None
    assert (found.user, found.password, found.origin) == ("bob", "pw1", str(path))


def test_netrc_without_the_host_gives_none(tmp_path: Path) -> None:
    path = netrc_file(tmp_path, "machine other.example login x password y\n")
    assert find_credentials(URL, environ={"NETRC": str(path)}) is None


def test_no_netrc_file_gives_none(tmp_path: Path) -> None:
    assert find_credentials(URL, environ={"NETRC": str(tmp_path / "absent")}) is None


def test_home_netrc_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    netrc_file(tmp_path, "default login carol password pw2\n").rename(tmp_path / ".netrc")
    monkeypatch.setenv("HOME", str(tmp_path))
    found = find_credentials(URL, environ={})
    assert found is not None and (found.user, found.password) == ("carol", "pw2")


def test_a_malformed_netrc_is_reported_without_its_content(tmp_path: Path) -> None:
    path = netrc_file(tmp_path, "machine 127.0.0.1 login bob password\nhunter2secret junk\n")
    with pytest.raises(ConfigurationError, match="cannot read this netrc file") as caught:
        find_credentials(URL, environ={"NETRC": str(path)})
    assert "hunter2secret" not in str(caught.value)


def test_password_is_not_in_repr() -> None:
    credentials = Credentials("alice", "s3cret", "env")
    assert "s3cret" not in repr(credentials)
    assert credentials.basic_authorization() == "Basic YWxpY2U6czNjcmV0"


def test_redact_removes_password_and_basic_token() -> None:
    credentials = Credentials("alice", "s3cret", "env")
    text = "you sent Basic YWxpY2U6czNjcmV0 and s3cret"
    assert credentials.redact(text) == "you sent Basic *** and ***"


@pytest.mark.parametrize(
    "echo",
    [
        "p%40ss%2Fw%C3%B6rd%26%3Cx%3E",  # URL-encoded
        "p%40ss%2fw%c3%b6rd%26%3cx%3e",  # lower-case escapes
        "p%40ss%2Fw%C3%B6rd%26%3Cx%3E".replace("%2F", "/"),  # quote() keeps '/'
        "p@ss/wörd&amp;&lt;x&gt;",  # HTML-escaped
        "p@ss/w\\u00f6rd&<x>",  # JSON-escaped
    ],
)
def test_redact_removes_every_encoding_of_the_password(echo: str) -> None:
    """Issue 24, item 7: only the exact and Basic forms were redacted."""
    credentials = Credentials("alice", "p@ss/wörd&<x>", "env")
    assert credentials.redact(f"rejected: {echo}.") == "rejected: ***."


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_netrc_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    path = netrc_file(tmp_path, "machine 127.0.0.1 login bob password pw1\n")
    path.chmod(mode)
    with pytest.raises(ConfigurationError, match="other users can read") as caught:
        find_credentials(URL, environ={"NETRC": str(path)})
    assert "chmod 600" in str(caught.value) and "pw1" not in str(caught.value)
