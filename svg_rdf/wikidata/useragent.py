"""The User-Agent svg-rdf sends to Wikimedia and other services: name, version, contact.

Wikimedia's User-Agent policy (https://foundation.wikimedia.org/wiki/Policy:User-Agent_policy)
asks every script for "a User-Agent header identifying the bot ... and supplying some way
of contacting you (e.g. a userpage on the local wiki, ... a URI for a relevant external
website, or an email address)", in the form `<client name>/<version> (<contact
information>) <library/framework name>/<version>`; scripts without one "may be blocked
without notice". The contact is the project's (`contact` in seeds/wikidata.toml): the
person who runs svg-rdf, not its authors.
"""

from __future__ import annotations

import sys

from svg_rdf.version import __version__
from svg_rdf.wikidata_settings import contact_problem


def user_agent(contact: str) -> str:
    """`svg-rdf/<version> (<contact>) Python-urllib/<version>`; raises ValueError for a
    contact that `contact_problem` refuses."""
    problem = contact_problem(contact)
    if problem is not None:
        raise ValueError(f"contact {contact!r} {problem}")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"  # as urllib names itself
    return f"svg-rdf/{__version__} ({contact.strip()}) Python-urllib/{python}"
