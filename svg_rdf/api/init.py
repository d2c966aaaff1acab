"""`svg_rdf.init_project`: what `svg-rdf init` does, a new project folder that builds and
checks at once (svg_rdf.scaffold writes its files), refused before anything is written
when the folder holds files or an option is invalid."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from svg_rdf.api.project import PathLike
from svg_rdf.errors import SvgRdfError

if TYPE_CHECKING:
    from svg_rdf.project import Project

_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,15}$")
_BASE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+/$")


def init_project(
    root: PathLike,
    *,
    title: str | None = None,
    name: str | None = None,
    prefix: str = "ex",
    base_iri: str | None = None,
    license: str = "CC-BY-SA-4.0",
) -> Project:
    """Create a new project in `root` (absent or empty) and return it, as `svg-rdf init`
    does: settings, empty data files and a short guide; the contract shapes, property table
    and example queries come from the package.

    The project builds and checks as it is (an empty graph describing the dataset). Raises
    SvgRdfError, before writing anything, when `root` holds files or an option is invalid.
    """
    from svg_rdf.licenses import license_iri
    from svg_rdf.scaffold import slug, write_project

    root = Path(root)
    name = name or slug(root.resolve().name) or "data"
    title = title or root.resolve().name or name
    base_iri = base_iri or f"https://example.org/{name}/"
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise SvgRdfError("this folder is not empty", path=root, fix="choose a new or empty folder")
    if slug(name) != name:
        raise SvgRdfError(
            f"--name {name!r} must be lowercase letters and digits joined by '-'",
            fix="e.g. --name my-data",
        )
    if not _PREFIX.match(prefix):
        raise SvgRdfError(
            f"--prefix {prefix!r} must be a lowercase letter then up to 15 letters or digits",
            fix="e.g. --prefix my",
        )
    if not _BASE.match(base_iri):
        raise SvgRdfError(
            f"--base-iri {base_iri!r} is not an http(s) IRI ending in '/'",
            fix="e.g. --base-iri https://example.org/my-data/",
        )
    if license_iri(license) is None:
        raise SvgRdfError(
            f"--license {license!r} is neither an IRI nor an SPDX licence id",
            fix="e.g. --license CC-BY-SA-4.0",
        )
    return write_project(
        root, title=title, name=name, prefix=prefix, base_iri=base_iri, license=license
    )
