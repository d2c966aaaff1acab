"""Credentials: a user name and password from the environment or a netrc file, never the CLI.

Order: SVG_RDF_USER and SVG_RDF_PASSWORD (both or neither), then the netrc file named by
NETRC or ~/.netrc, matched by the endpoint's host name. A `Credentials` never shows its
password: not in repr, not in any message; `redact()` scrubs it from text a server sends back.
"""

from __future__ import annotations

import base64
import netrc
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from svg_rdf.errors import ConfigurationError

USER_VARIABLE = "SVG_RDF_USER"
PASSWORD_VARIABLE = "SVG_RDF_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they came from (for messages)."""

    user: str
    password: str = field(repr=False)
    origin: str

    def basic_authorization(self) -> str:
        """The value of an `Authorization: Basic` header."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    def redact(self, text: str) -> str:
        """`text` with the password, and the Basic token carrying it, replaced by `***`."""
        for secret in (self.basic_authorization().split(" ", 1)[1], self.password):
            if secret:
                text = text.replace(secret, "***")
        return text


def netrc_path(environ: Mapping[str, str]) -> Path:
    """The netrc file to read: $NETRC, else ~/.netrc."""
    configured = environ.get("NETRC")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".netrc"


def find_credentials(url: str, *, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for `url`'s host, or None when none are configured.

    Raises ConfigurationError when only one of the two variables is set or the netrc file
    cannot be read; the message never quotes the file's content.
    """
    environ = os.environ if environ is None else environ
    user = environ.get(USER_VARIABLE)
    password = environ.get(PASSWORD_VARIABLE)
    if user is not None or password is not None:
        if user is None or password is None:
            missing = USER_VARIABLE if user is None else PASSWORD_VARIABLE
            raise ConfigurationError(
                f"{missing} is not set but "
                f"{PASSWORD_VARIABLE if user is None else USER_VARIABLE} is",
                fix=f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither",
            )
        return Credentials(user, password, f"{USER_VARIABLE}/{PASSWORD_VARIABLE}")
    path = netrc_path(environ)
    host = urllib.parse.urlsplit(url).hostname
    if host is None or not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        # The parser's own message can quote a token of the file, which may be a password.
        raise ConfigurationError(
            "cannot read this netrc file"
            + (" (it is readable by other users)" if "permissive" in exc.msg else ""),
            path=path,
            line=exc.lineno if "permissive" not in exc.msg else None,
            fix="check its syntax (machine HOST login USER password PASSWORD) "
            "and make it private (chmod 600)",
        ) from None
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read this netrc file: {exc.strerror}", path=path
        ) from None
    if entry is None:
        return None
    login, _account, secret = entry
    if not login or not secret:
        return None
    return Credentials(login, secret, str(path))
