"""Facts: seeds/facts/*.toml -> Claims whose every quote is located in its source.

Claims that say the same thing (subject, property, value, qualifiers) are merged into one
claim carrying the evidence of all of them, so a fact two sources state is one statement
with two references.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from svg_rdf.curation.collect import Errors, collecting, follows
from svg_rdf.curation.datafile import Table, array_tables, check_top_level, load_toml
from svg_rdf.curation.evidence import QuoteProblem, locate
from svg_rdf.curation.numbers import describe_numbers, unsupported, value_numbers
from svg_rdf.curation.ontology import ADD_PROPERTY
from svg_rdf.curation.suggest import did_you_mean, unknown_keys
from svg_rdf.curation.values import BadValue, parse_value
from svg_rdf.errors import DataFileError, EvidenceError
from svg_rdf.model import (
    RANKS,
    Claim,
    Entity,
    Evidence,
    Place,
    Property,
    Qualifier,
    SourceDocument,
    Value,
)
from svg_rdf.project import Project

EVIDENCE_KEYS = ("source", "quote", "context")
RANK_REASONS = {"preferred": "P7452", "deprecated": "P2241"}


class Context:
    """What claims are checked against: sources, properties and entities by key."""

    def __init__(
        self,
        sources: Iterable[SourceDocument],
        properties: Iterable[Property],
        entities: Iterable[Entity],
        *,
        errors: Errors | None = None,
    ) -> None:
        self.sources: Mapping[str, SourceDocument] = {s.stem: s for s in sources}
        self.properties: Mapping[str, Property] = {p.pid: p for p in properties}
        self.entities: Mapping[str, Entity] = {e.slug: e for e in entities}
        # where the errors of the claims go, with what failed to load before them (when
        # None, each loader raises what it found)
        self.errors = errors
        self.failed = errors or Errors()

    def property(self, table: Table, pid: Any, key: str) -> Property:
        if not isinstance(pid, str) or pid not in self.properties:
            follows("unknown property", failed=self.failed.properties, name=pid)
            labels = {p.pid: p.label for p in self.properties.values()}
            hint = did_you_mean(pid, self.properties, labels=labels)
            raise table.error(
                f"unknown property {pid!r}" + (f" ({hint})" if hint else ""),
                key=key,
                fix=f"use a property of the property tables, or {ADD_PROPERTY}",
            )
        return self.properties[pid]

    def value(self, table: Table, spec: Any, prop: Property, key: str, nth: int = 0) -> Any:
        floats = list(spec.values()) if isinstance(spec, dict) else [spec]
        if any(isinstance(v, float) for v in floats):
            _refuse_dotted_thousands(table, key, nth)
        try:
            return parse_value(spec, prop.datatype, entities=self.entities)
        except BadValue as exc:
            if prop.datatype == "wikibase-item" or exc.key == "unit":
                named = spec.get(exc.key) if isinstance(spec, dict) else spec
                follows("unknown entity", failed=self.failed.entities, name=named)
            line_key = key if exc.key == "value" else exc.key
            raise table.error(
                f"{prop.pid} ({prop.label}) takes {prop.datatype}: {exc.message}",
                key=line_key,
                nth=nth,
                fix=exc.fix,
            ) from None


_TOML_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')
_DOTTED_FLOAT = re.compile(r"(?<![\w.])[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?![\w.])")


def _refuse_dotted_thousands(table: Table, key: str, nth: int) -> None:
    """A TOML float written `7.000` or `1.500` reaches us as 7.0 or 1.5: the digits that
    show it may mean 7000 are gone, so read the line as written."""
    line = table.line_of(key, nth)
    code = _TOML_STRING.sub('""', table.lines[line - 1].split("#", 1)[0])
    for match in _DOTTED_FLOAT.finditer(code):
        if match[0].endswith("0"):
            whole = match[0].replace(".", "").lstrip("+")
            raise table.error(
                f"ambiguous number {match[0]}: TOML reads it as "
                f"{float(match[0])!r}, a reader may mean {whole}",
                key=key,
                nth=nth,
                fix=f"write {whole} for {whole}, or drop the trailing zeros",
            )


def load_claims(project: Project, context: Context) -> list[Claim]:
    """The claims of every fact file, in file order; raises DataFileError/EvidenceError
    (CurationErrors for several), or records them in `context.errors` and returns the
    claims that loaded."""
    claims: list[Claim] = []
    with collecting(context.errors) as found:
        for path in project.fact_files:
            display = project.relative(path)
            tables: list[Table] = []
            default_subject: str | None = None
            with found.each():
                document, lines = load_toml(path, display)
                check_top_level(document, display, ["subject", "claim"])
                default_subject = document.get("subject")
                if default_subject is not None and not isinstance(default_subject, str):
                    raise DataFileError("subject must be a string", path=display, line=1)
                tables = array_tables(document, "claim", lines, display)
            for table in tables:
                with found.each():
                    claims.append(_claim(table, context, default_subject))
    return claims


def _claim(table: Table, context: Context, default_subject: str | None) -> Claim:
    table.check_keys(
        required=["property", "value", "evidence"],
        optional=["subject", "qualifiers", "rank", "note", "derived"],
    )
    subject = table.data.get("subject", default_subject)
    if subject is None:
        raise table.error(
            "missing key 'subject'", fix='add subject = "slug" here or at the top of the file'
        )
    if not isinstance(subject, str) or subject not in context.entities:
        follows("unknown entity", failed=context.failed.entities, name=subject)
        hint = did_you_mean(subject, context.entities)
        raise table.error(
            f"unknown entity {subject!r}" + (f" ({hint})" if hint else ""),
            key="subject",
            fix="add it to a file in seeds/entities/ or fix the slug",
        )
    prop = context.property(table, table.data["property"], "property")
    value = context.value(table, table.data["value"], prop, "value")
    qualifiers = _qualifiers(table, context)
    rank = table.data.get("rank", "normal")
    if rank not in RANKS:
        raise table.error(
            f"unknown rank {rank!r}", key="rank", fix=f"use one of: {', '.join(RANKS)}"
        )
    reason = RANK_REASONS.get(rank)
    if reason and not any(q.pid == reason for q in qualifiers):
        label = context.property(table, reason, "rank").label
        raise table.error(
            f"a {rank} rank needs a reason",
            key="rank",
            fix=f"add the qualifier {reason} ({label})",
        )
    evidence = tuple(_evidence(table, context))
    derived = table.optional_text("derived")
    _check_numbers(table, prop, value, qualifiers, derived)
    return Claim(
        subject=subject,
        pid=prop.pid,
        value=value,
        qualifiers=qualifiers,
        rank=rank,
        evidence=evidence,
        places=(Place(table.path, table.line),),
        derived=() if derived is None else (derived,),
    )


def _check_numbers(
    table: Table,
    prop: Property,
    value: Value,
    qualifiers: tuple[Qualifier, ...],
    derived: str | None,
) -> None:
    """Every number the value and qualifiers state must be read in a quote or context.

    Raises DataFileError at the line of the first unsupported number, unless the claim
    says in `derived` how the number was obtained; a `derived` with nothing to explain is
    refused too, so it cannot outlive the reason it was written for.
    """
    items = table.data["evidence"]
    passages = [
        text
        for item in (items if isinstance(items, list) else [items])
        for text in (item["quote"], item.get("context") or "")
    ]
    missing = [("value", prop.pid, s) for s in unsupported(value_numbers(value), passages)]
    for qualifier in qualifiers:
        for stated in unsupported(value_numbers(qualifier.value), passages):
            missing.append((qualifier.pid, qualifier.pid, stated))
    if derived is not None:
        if not missing:
            raise table.error(
                "derived is given, but every number of the claim is in its quotes",
                key="derived",
                fix="remove derived",
            )
        return
    if missing:
        key, pid, stated = missing[0]
        raise table.error(
            f"{stated.shown()} ({pid}) is not in the quote or context "
            f"(they give {describe_numbers(passages)})",
            key=key,
            fix='quote the passage that gives it, fix the value, or add derived = "how it was '
            'obtained from the quote"',
        )


def _qualifiers(table: Table, context: Context) -> tuple[Qualifier, ...]:
    raw = table.data.get("qualifiers", {})
    if not isinstance(raw, dict):
        raise table.error('qualifiers must be a table such as { P585 = "1938" }', key="qualifiers")
    qualifiers: set[Qualifier] = set()
    for pid, specs in raw.items():
        prop = context.property(table, pid, pid)
        for spec in specs if isinstance(specs, list) else [specs]:
            qualifiers.add(Qualifier(prop.pid, context.value(table, spec, prop, pid)))
    return tuple(sorted(qualifiers, key=Qualifier.key))


def _evidence(table: Table, context: Context) -> list[Evidence]:
    items = table.data["evidence"]
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not items:
        raise table.error(
            "a claim needs at least one piece of evidence",
            key="evidence",
            fix='add evidence = [{ source = "...", quote = "..." }]',
        )
    found: list[Evidence] = []
    for nth, item in enumerate(items):
        if not isinstance(item, dict):
            raise table.error(
                "each evidence is a table { source = ..., quote = ... }", key="evidence"
            )
        unknown = set(item) - set(EVIDENCE_KEYS)
        if unknown:
            what, fix = unknown_keys(unknown, EVIDENCE_KEYS)
            raise table.error(
                f"{what} in evidence (it takes source, quote and optional context)",
                key=sorted(unknown)[0],
                fix=fix,
            )
        if not {"source", "quote"} <= set(item):
            raise table.error(
                "evidence takes source, quote and optional context",
                key="quote",
                nth=nth,
                fix="add source and quote",
            )
        line = table.line_of("quote", nth)
        source = context.sources.get(item["source"])
        if source is None:
            follows("unknown source", failed=context.failed.sources, name=item["source"])
            raise table.error(
                f"unknown source {item['source']!r}",
                key="source",
                nth=nth,
                fix=f"use one of: {', '.join(sorted(context.sources))}",
            )
        quote, extra = item["quote"], item.get("context")
        if not isinstance(quote, str) or (extra is not None and not isinstance(extra, str)):
            raise table.error("quote and context must be strings", key="quote", nth=nth)
        try:
            found.append(locate(source, quote, extra, Place(table.path, line)))
        except QuoteProblem as exc:
            raise EvidenceError(exc.message, path=table.path, line=line, fix=exc.fix) from None
    return found


def merge_claims(claims: Sequence[Claim], *, errors: Errors | None = None) -> tuple[Claim, ...]:
    """One claim per statement, with the evidence of all; sorted by statement key.

    Raises DataFileError when two claims of the same statement give different ranks
    (CurationErrors for several), or records them in `errors`.
    """
    groups: dict[tuple[tuple[str, ...], ...], list[Claim]] = {}
    with collecting(errors) as found:
        for claim in claims:
            group = groups.setdefault(claim.key(), [])
            with found.each():
                if group and group[0].rank != claim.rank:
                    place = claim.places[0]
                    raise DataFileError(
                        f"same statement as {group[0].places[0]} but rank {claim.rank!r} "
                        f"there is {group[0].rank!r}",
                        path=place.path,
                        line=place.line,
                        fix="give both the same rank",
                    )
                group.append(claim)
    merged = []
    for key in sorted(groups):
        group = groups[key]
        evidence = {e.key(): e for claim in group for e in claim.evidence}
        merged.append(
            replace(
                group[0],
                evidence=tuple(evidence[k] for k in sorted(evidence)),
                places=tuple(sorted({place for claim in group for place in claim.places})),
                derived=tuple(sorted({reason for claim in group for reason in claim.derived})),
            )
        )
    return tuple(merged)
