"""Settings: seeds/dataset.toml and seeds/wikidata.toml, read once into one frozen object.

Everything that differs from one dataset to another (its names, prefixes, base IRI, entity
kinds and their classes, the example queries' default subject, and the QuickStatements
policy of seeds/wikidata.toml, read by svg_rdf.wikidata_settings) is project data read
here; stages receive the `Settings` (or the part they need) and open no settings file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from svg_rdf.curation.datafile import Table, check_top_level, iri_problem, load_toml
from svg_rdf.errors import ConfigurationError, DataFileError
from svg_rdf.model import QID
from svg_rdf.project import Project
from svg_rdf.wikidata_settings import QsSettings
from svg_rdf.wikidata_settings import load_settings as load_wikidata_settings

# The version of the data format (seeds/, ontology/, shapes/ as this svg-rdf reads them),
# written as `format = N` in seeds/dataset.toml. Raise it with every change that makes an
# older project fail to build, and teach svg_rdf/migration.py to rewrite the older one.
# 1: the first release (no `format`, `name`, `prefix` nor [kinds]; the project's own
#    ontology/properties.csv was the whole property table; shapes/ held the contract).
# 2: this one.
DATA_FORMAT = 2
MIGRATE_FIX = "run `svg-rdf migrate` (add --dry-run to see what it changes; it keeps a backup)"

DATASET_KEYS = (
    "format",
    "title",
    "description",
    "license",
    "base_iri",
    "name",
    "prefix",
    "kinds",
    "queries",
    "site_url",
)
# Our prefixes are `prefix` plus these endings, e.g. svg, svge, svgs, svgr, svgv, svgsrc.
PREFIX_ENDINGS = {
    "base": "",
    "entity": "e",
    "statement": "s",
    "reference": "r",
    "value": "v",
    "source": "src",
}
_BASE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+/$")
# the path of base_iri and site_url goes into generated nginx and Apache rules: only
# characters that mean nothing to either (no ';', '{', '$', quotes, spaces, '%')
_HOSTABLE_PATH = re.compile(r"^/[A-Za-z0-9._~/-]*$")
_HOSTABLE_HOST = re.compile(r"^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MAX_NAME = 64  # output/<name>.jsonld and the like stay far below a file system's 255 bytes
_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,15}$")
_KIND = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Kind:
    """A kind of entity and the Wikidata classes (Q-ids, P31 values) its items belong to."""

    name: str
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """One project's settings. Immutable; `with_base` gives a copy under another base IRI."""

    title: str
    description: str
    license: str
    base_iri: str
    name: str  # the stem of the graph files: output/<name>.ttl, .nt, .jsonld
    prefix: str  # our prefixes: <prefix>, <prefix>e, <prefix>s, <prefix>r, <prefix>v, <prefix>src
    kinds: tuple[Kind, ...]
    wikidata: QsSettings  # seeds/wikidata.toml
    query_label: str | None = None  # the subject the example queries show when no --label
    site_url: str | None = None  # where output/ is published, when not at base_iri itself

    @property
    def kind_names(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in self.kinds)

    def kind(self, name: str) -> Kind:
        """The kind called `name`; raises KeyError when the project has none by that name."""
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    def prefixes(self) -> dict[str, str]:
        """Our prefix names, keyed by what they name (base, entity, statement, ...)."""
        return {what: self.prefix + ending for what, ending in PREFIX_ENDINGS.items()}

    def with_base(self, base_iri: str | None) -> Settings:
        """These settings under `base_iri` (unchanged when None); raises ConfigurationError
        when it is not an http(s) IRI ending in '/'."""
        if base_iri is None or base_iri == self.base_iri:
            return self
        if not _BASE.match(base_iri) or iri_problem(base_iri) or not _hostable(base_iri):
            raise ConfigurationError(
                f"--base-iri {base_iri!r} is not an http(s) IRI ending in '/' with a plain host "
                "and a path of only letters, digits, '.', '_', '~', '-' and '/'",
                fix="e.g. --base-iri https://example.org/my-data/",
            )
        return replace(self, base_iri=base_iri)


def default_kinds() -> tuple[Kind, ...]:
    """The kinds a project has when seeds/dataset.toml names none (svg_rdf/defaults/kinds.toml)."""
    text = resources.files("svg_rdf").joinpath("defaults", "kinds.toml").read_text("utf-8")
    document = tomllib.loads(text)
    return tuple(Kind(name, tuple(classes)) for name, classes in sorted(document.items()))


def _shortened(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hostable(url: str) -> bool:
    """Whether the URL has a plain host, no query or fragment, and a path safe in server
    rules."""
    parts = urlsplit(url)
    return (
        not parts.query
        and not parts.fragment
        and bool(_HOSTABLE_HOST.match(parts.netloc))
        and bool(_HOSTABLE_PATH.match(parts.path))
    )


def load_settings(project: Project) -> Settings:
    """The project's settings; raises DataFileError naming file and line for a bad value,
    or when seeds/dataset.toml is missing."""
    path = project.seeds / "dataset.toml"
    display = project.relative(path)
    document, lines = load_toml(path, display)
    check_top_level(document, display, DATASET_KEYS)
    table = Table(document, display, 1, len(lines) + 1, lines)
    _check_format(table, document.get("format"))
    for key in ("title", "description", "license", "base_iri", "name", "prefix"):
        if key not in document:
            raise DataFileError(
                f"missing key {key!r}", path=display, line=1, fix=f"add {key} = ... ({_HINTS[key]})"
            )
    base = table.text("base_iri")
    if not _BASE.match(base) or iri_problem(base) or not _hostable(base):
        raise table.error(
            f"base_iri {base!r} must be an http(s) IRI ending in '/' with a plain host and a "
            "path of only letters, digits, '.', '_', '~', '-' and '/' (server rules use it)",
            key="base_iri",
            fix='e.g. base_iri = "https://example.org/my-data/"',
        )
    name = table.text("name")
    if not _NAME.match(name) or name in _RESERVED_NAMES or len(name) > MAX_NAME:
        raise table.error(
            f"name {_shortened(name)!r} must be at most {MAX_NAME} lowercase letters, digits, "
            f"'.', '_' or '-' and differ from {', '.join(sorted(_RESERVED_NAMES))}",
            key="name",
            fix='e.g. name = "my-data" (the output files are then output/my-data.ttl, ...)',
        )
    prefix = table.text("prefix")
    if not _PREFIX.match(prefix):
        raise table.error(
            f"prefix {prefix!r} must be a lowercase letter then up to 15 letters or digits",
            key="prefix",
            fix='e.g. prefix = "my"',
        )
    licence = table.license("license")
    site_url = table.optional_text("site_url")
    if site_url is not None and not (_BASE.match(site_url) and _hostable(site_url)):
        raise table.error(
            f"site_url {site_url!r} must be an http(s) URL ending in '/' with a plain host and a "
            "path of only letters, digits, '.', '_', '~', '-' and '/' (server rules use it)",
            key="site_url",
            fix='the address output/ is published at, e.g. "https://example.org/my-data/"',
        )
    kinds = _kinds(table, document.get("kinds"))
    label = _queries(table, document.get("queries"))
    return Settings(
        title=table.text("title"),
        description=table.text("description"),
        license=licence,
        base_iri=base,
        name=name,
        prefix=prefix,
        kinds=kinds,
        query_label=label,
        site_url=site_url,
        wikidata=load_wikidata_settings(project),
    )


_HINTS = {
    "title": "the dataset's title",
    "description": "one sentence on what it holds",
    "license": "an SPDX id such as CC-BY-SA-4.0 or a licence IRI",
    "base_iri": "the http(s) IRI under which its resources live, ending in '/'",
    "name": "the stem of the output files, e.g. my-data",
    "prefix": "the short prefix of its IRIs in Turtle, e.g. my",
}
# Names the build writes beside the graph files.
_RESERVED_NAMES = {"context", "void", "wikidata", "shapes"}


def data_format(document: dict[str, Any]) -> int | None:
    """The data format a parsed seeds/dataset.toml declares: 1 when it has no `format`
    (the first release wrote none), None when `format` is no positive whole number."""
    value = document.get("format", 1)
    if type(value) is not int or value < 1:
        return None
    return value


def _check_format(table: Table, value: Any) -> None:
    found = data_format({} if value is None else {"format": value})
    if found is None:
        raise table.error(
            f"format {value!r} is not a data format number",
            key="format",
            fix=f"write format = {DATA_FORMAT}",
        )
    if found < DATA_FORMAT:
        what = (
            "no format key: this project is in data format 1 (the first release's layout)"
            if value is None
            else f"data format {found} is older than this svg-rdf's"
        )
        raise DataFileError(
            f"{what}; svg-rdf reads data format {DATA_FORMAT}",
            path=table.path,
            line=1 if value is None else table.line_of("format"),
            fix=MIGRATE_FIX,
        )
    if found > DATA_FORMAT:
        raise table.error(
            f"data format {found} is newer than this svg-rdf's ({DATA_FORMAT})",
            key="format",
            fix="upgrade svg-rdf: pip install --upgrade svg-rdf",
        )


def _kinds(table: Table, value: Any) -> tuple[Kind, ...]:
    if value is None:
        return default_kinds()
    if not isinstance(value, dict) or not value:
        raise table.error(
            'kinds must be a table such as [kinds] with lines person = ["Q5"]',
            key="kinds",
            fix="list each kind of entity with the Q-ids of its Wikidata classes (or [])",
        )
    kinds = []
    for name, classes in sorted(value.items()):
        if not _KIND.match(name):
            raise table.error(
                f"kind {name!r} is not lowercase words joined by '-'", key=name, fix="e.g. person"
            )
        if not isinstance(classes, list) or not all(
            isinstance(c, str) and QID.match(c) for c in classes
        ):
            raise table.error(
                f"the classes of kind {name!r} must be a list of Q-ids",
                key=name,
                fix=f'e.g. {name} = ["Q5"], or {name} = [] when no class is known',
            )
        if len(set(classes)) != len(classes):
            raise table.error(f"kind {name!r} lists a class twice", key=name)
        kinds.append(Kind(name, tuple(classes)))
    return tuple(kinds)


def _queries(table: Table, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"label"}:
        raise table.error(
            "[queries] takes one key, label",
            key="queries",
            fix='e.g. [queries] then label = "the English label of your main subject"',
        )
    label = value.get("label")
    if label is None:
        return None
    if not isinstance(label, str) or not label.strip():
        raise table.error("label must be a non-empty string", key="label")
    return label
