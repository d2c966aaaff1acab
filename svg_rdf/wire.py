"""What svg-rdf reads from an HTTP message, as client (load, wikidata-fetch) and as server
(serve's front): a header's number.

HTTP numbers (Content-Length, Retry-After's delay-seconds) are ASCII digits (RFC 9110).
`str.isdigit()` also takes '²' and other scripts' digits, which `int()` then refuses with
a ValueError: every header number is read here, so a hostile header is no number, never a
traceback.
"""

from __future__ import annotations


def header_number(value: str | None) -> int | None:
    """The whole number a header value writes in ASCII digits (surrounding spaces allowed),
    or None for a missing, empty or any other value."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None
