"""Credentials: a user name and password from the environment or a netrc file, never the CLI.

Order: SVG_RDF_USER and SVG_RDF_PASSWORD (both or neither), then the netrc file named by
NETRC or ~/.netrc, matched by the endpoint's host name. A `Credentials` never shows its
password: not in repr, not in any message; `redact()` scrubs it from text a server sends back.
"""

from __future__ import annotations

import base64
import html
import json
import netrc
import os
import stat
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
        """`text` with the password replaced by `***`: as it is, in the Basic token
        carrying it, and in every encoding a server may echo it in (URL-encoded, as a
        form, HTML- or XML-escaped, JSON-escaped)."""
        for secret in sorted(_spellings(self), key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


def _spellings(credentials: Credentials) -> set[str]:
    password = credentials.password
    if not password:
        return set()
    forms = {
        password,
        credentials.basic_authorization().split(" ", 1)[1],
        urllib.parse.quote(password, safe=""),
        urllib.parse.quote(password),
        urllib.parse.quote_plus(password),
        html.escape(password),
        html.escape(password, quote=False),
        json.dumps(password)[1:-1],
        json.dumps(password, ensure_ascii=False)[1:-1],
    }
    forms |= {form.lower() for form in forms if "%" in form}  # %2f as well as %2F
    return {form for form in forms if form}


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
        mode = path.stat().st_mode
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read this netrc file: {exc.strerror}", path=path
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        # as Python's netrc does for ~/.netrc (and curl's documentation advises): a file of
        # passwords others can read is not used
        raise ConfigurationError(
            "this netrc file holds passwords and other users can read or change it",
            path=path,
            fix=f"make it private: chmod 600 {path}",
        )
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
