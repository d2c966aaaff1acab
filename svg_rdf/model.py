"""Model: the frozen data every stage passes on (no I/O, no graphs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from svg_rdf.errors import DataFileError

RANKS = ("preferred", "normal", "deprecated")
QID = re.compile(r"^Q[1-9][0-9]*$")
"""A Wikidata item id, as written everywhere: Q, then a number without leading zeros."""
PID = re.compile(r"^P[1-9][0-9]*$")
"""A Wikidata property id: P, then a number without leading zeros."""
SOURCE_STEM = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
"""A source's name (its file in seeds/ without .txt): the IRI `source/<stem>` that the site,
`serve` and the nginx and Apache rules match (site/redirects.RESOURCES)."""
MAX_SOURCE_STEM = 200
"""The longest source name: with `.txt`, and the site's `.jsonld`, within a 255-byte name."""


@dataclass(frozen=True, order=True)
class Place:
    """Where a piece of curated data was written: a file (relative to the project) and line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class SourceDocument:
    """One source text, verified against the checksum its registry entry records."""

    stem: str
    filename: str
    title: str
    kind: str
    language: str
    license: str
    sha256: str
    text: str = field(repr=False)
    path: Path = field(repr=False)
    imported_from: str | None = None
    url: str | None = None
    permalink: str | None = None  # the URL of the exact revision quoted
    retrieved: str | None = None  # ISO date the text was retrieved
    qid: str | None = None  # the source work's own Wikidata item (P248 stated in)
    not_article: tuple[tuple[int, int], ...] = ()  # line ranges that are not the work's text


@dataclass(frozen=True)
class Property:
    """A Wikidata property from the property table: id, English label and datatype."""

    pid: str
    label: str
    datatype: str
    evidence: str


@dataclass(frozen=True, order=True)
class ItemValue:
    slug: str

    def key(self) -> tuple[str, ...]:
        return ("item", self.slug)

    def display(self) -> str:
        return self.slug


@dataclass(frozen=True, order=True)
class StringValue:
    text: str

    def key(self) -> tuple[str, ...]:
        return ("string", self.text)

    def display(self) -> str:
        return self.text


@dataclass(frozen=True, order=True)
class MonolingualValue:
    text: str
    language: str

    def key(self) -> tuple[str, ...]:
        return ("monolingualtext", self.text, self.language)

    def display(self) -> str:
        return f"{self.text}@{self.language}"


@dataclass(frozen=True, order=True)
class UrlValue:
    url: str

    def key(self) -> tuple[str, ...]:
        return ("url", self.url)

    def display(self) -> str:
        return self.url


@dataclass(frozen=True, order=True)
class TimeValue:
    """A Gregorian date of year, month or day precision (9, 10, 11) or coarser (7, 8)."""

    year: int
    month: int
    day: int
    precision: int

    def key(self) -> tuple[str, ...]:
        return ("time", self.wikidata(), str(self.precision))

    def wikidata(self) -> str:
        """The Wikibase JSON / QuickStatements form, `+1937-00-00T00:00:00Z`."""
        return f"+{self.year:04d}-{self.month:02d}-{self.day:02d}T00:00:00Z"

    def xsd(self) -> str:
        """The RDF form: unknown month and day become 01, as Wikidata's RDF does."""
        return f"{self.year:04d}-{max(self.month, 1):02d}-{max(self.day, 1):02d}T00:00:00Z"

    def display(self) -> str:
        if self.precision >= 11:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == 10:
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == 9:
            return f"{self.year:04d}"
        return f"{self.year:04d} (precision {self.precision})"


@dataclass(frozen=True, order=True)
class QuantityValue:
    """An amount with optional bounds and unit; amounts are canonical decimal strings.

    `unit` is the slug of the unit's entity (United States dollar, percent); None is
    Wikibase's unit "1" (a plain count).
    """

    amount: str
    lower: str | None = None
    upper: str | None = None
    unit: str | None = None

    def key(self) -> tuple[str, ...]:
        plain = ("quantity", self.amount, self.lower or "", self.upper or "")
        return plain if self.unit is None else (*plain, self.unit)

    def display(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.lower is None and self.upper is None:
            return f"{self.amount}{unit}"
        return f"{self.amount} [{self.lower or ''}, {self.upper or ''}]{unit}"


Value = ItemValue | StringValue | MonolingualValue | UrlValue | TimeValue | QuantityValue


@dataclass(frozen=True, order=True)
class Qualifier:
    pid: str
    value: Value

    def key(self) -> tuple[str, ...]:
        return (self.pid, *self.value.key())


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote located in its source: text[start:end] == quote (code points)."""

    source: str
    quote: str
    start: int
    end: int
    prefix: str
    suffix: str
    place: Place

    def key(self) -> tuple[str, str, int, int]:
        return (self.source, self.quote, self.start, self.end)


@dataclass(frozen=True)
class Claim:
    """One statement: subject, property, value, qualifiers, rank and its evidence."""

    subject: str
    pid: str
    value: Value
    qualifiers: tuple[Qualifier, ...]
    rank: str
    evidence: tuple[Evidence, ...]
    places: tuple[Place, ...]
    # Why a number of the value or qualifiers is not written in the quotes (curator's words).
    derived: tuple[str, ...] = ()

    def key(self) -> tuple[tuple[str, ...], ...]:
        """What makes two claims the same statement (evidence and rank excluded)."""
        return (
            (self.subject, self.pid),
            self.value.key(),
            *sorted(q.key() for q in self.qualifiers),
        )


@dataclass(frozen=True)
class Entity:
    """A thing the graph talks about; the Q-id is set only with recorded evidence."""

    slug: str
    labels: tuple[tuple[str, str], ...]
    aliases: tuple[tuple[str, str], ...]
    descriptions: tuple[tuple[str, str], ...]
    kind: str
    place: Place
    qid: str | None = None
    qid_evidence: str | None = None
    # "new" when searched for on Wikidata and not found: the QuickStatements file creates it;
    # "local" when it will never be a Wikidata item: never reconciled, never created
    wikidata: str | None = None
    wikidata_checked: str | None = None  # ISO date of that search
    wikidata_note: str | None = None  # how it was searched
    wikidata_reason: str | None = None  # why it is modelled locally

    @property
    def label(self) -> str:
        """The English label (every entity has one)."""
        return dict(self.labels)["en"]


@dataclass(frozen=True)
class Constraint:
    """A property constraint from ontology/constraints.csv, with where it was found.

    `kind` is one of CONSTRAINT_KINDS; `parameters` are qualifier ids (required-qualifier:
    any one of them), unit slugs or "none" (allowed-units), or class slugs (value-type).
    `basis` says whether Wikidata states the constraint ("wikidata") or the project
    applies it without a Wikidata constraint found ("project").
    """

    pid: str
    kind: str
    parameters: tuple[str, ...]
    basis: str
    evidence: str
    place: Place


CONSTRAINT_KINDS = (
    "single-value",
    "single-best-value",
    "required-qualifier",
    "allowed-units",
    "value-type",
)


@dataclass(frozen=True)
class WikidataConstraint:
    """One of Wikidata's own property constraints (ontology/wikidata-constraints.csv).

    Kept apart from the project's Constraint: this is what Wikidata states, read from its
    pages, with `evidence` saying where. `kind` is one of WIKIDATA_CONSTRAINT_KINDS
    ("unknown" records that no constraint could be read, and what was searched);
    `parameters` are the kind's (see curation/wikidata_constraints.py); `status` is
    mandatory, suggestion, normal, or unrecorded (the source read gives none: listed,
    never held); `exceptions` are Q-ids of items exempt from it.
    """

    pid: str
    kind: str
    qid: str | None  # the constraint type's item (None for "unknown")
    parameters: tuple[str, ...]
    status: str
    exceptions: tuple[str, ...]
    evidence: str
    place: Place

    @property
    def mandatory(self) -> bool:
        return self.status == "mandatory"


@dataclass(frozen=True)
class NoFact:
    """A curator's declaration in seeds/coverage.toml that a sentence states no fact, or
    (with `fact`) that a number or name in a cited sentence is no fact to carry."""

    source: str
    sentence: str
    reason: str
    place: Place  # where `sentence` is written
    source_line: int
    fact: str | None = None  # a number or name in a cited sentence, rather than the sentence

    def error(self, message: str, fix: str, *, line: int | None = None) -> DataFileError:
        return DataFileError(message, path=self.place.path, line=line or self.place.line, fix=fix)


@dataclass(frozen=True)
class ReviewedConflict:
    """A curator's record in seeds/conflicts.toml that a reported conflict was reviewed and
    is not one: the subject, the property and the values it names, and why."""

    subject: str
    pid: str
    values: tuple[str, ...]  # as the conflicts report shows them (a label) or item slugs
    reason: str
    place: Place  # where the entry starts

    def error(self, message: str, fix: str) -> DataFileError:
        return DataFileError(message, path=self.place.path, line=self.place.line, fix=fix)


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item a reconciliation service proposed for an entity."""

    qid: str
    name: str
    score: float
    match: bool
    description: str
    types: tuple[str, ...]
    matched: tuple[str, ...]  # feature ids with a positive value (property ids, name, type)
    query: str  # which of our names found it


@dataclass(frozen=True)
class Reconciliation:
    """The candidates recorded for one entity (seeds/reconciliation.toml), best first."""

    slug: str
    service: str
    date: str  # YYYY-MM-DD
    names: tuple[str, ...]  # what was sent: the label, then the aliases
    type: str | None
    properties: tuple[tuple[str, str], ...]  # (pid, Q-id or year)
    candidates: tuple[Candidate, ...]
    place: Place


@dataclass(frozen=True)
class Curation:
    """Everything the build reads: sources, properties, entities and verified claims."""

    sources: tuple[SourceDocument, ...]
    properties: tuple[Property, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    no_fact: tuple[NoFact, ...] = ()  # the sentences declared fact-free (seeds/coverage.toml)
    constraints: tuple[Constraint, ...] = ()  # ontology/constraints.csv
    reconciliation: tuple[Reconciliation, ...] = ()  # seeds/reconciliation.toml, by slug
    reviewed: tuple[ReviewedConflict, ...] = ()  # seeds/conflicts.toml
    wikidata_constraints: tuple[WikidataConstraint, ...] = ()  # Wikidata's, with evidence
    # each kind's Wikidata classes (seeds/dataset.toml [kinds]): an entity counts as an
    # instance of its kind's classes in the constraint checks
    kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()
