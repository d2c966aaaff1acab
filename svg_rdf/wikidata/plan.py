"""QuickStatements export: Curation -> QuickStatements v1 commands for Wikidata, plus what waits.

Rules (docs/wikidata.md explains them to editors):
- A statement goes out complete (value, every qualifier, its rank, one reference group per
  source) or not at all; a statement held back is listed in the pending files with why.
- Values and item qualifiers are written by Q-id; one without a Q-id holds the statement.
- An entity without a Q-id is created (CREATE, then LAST with its labels, descriptions and
  aliases) exactly when its kind is one of `create_kinds` (default: unit, event, monument:
  the things these sources are about) and at least one of its statements can go out. People,
  places, countries, aircraft types, treaties and classes almost surely exist on Wikidata
  already, so their statements wait for a Q-id instead of creating a duplicate.
- QuickStatements finds an existing statement by property and value alone and adds the
  line's qualifiers and references to it, so two of our statements with the same subject,
  property and value would be merged: the one with most sources (then the first) goes
  out, the others wait.
- A reference names its source: `S143` with the registry's `imported_from` Wikimedia
  project and `S4656` with its `url`, or `S854` with the `url` of another source; then one
  `S1683` quotation per quote, in the source's language. Later groups start with `!S`.
- A quote over `quote_limit` is cut to the sentence or words carrying the value, or the
  statement waits. Ranks other than normal are written in QuickStatements 3 syntax
  (`Rpreferred`, `Rdeprecated` after the value; classic QuickStatements has none) unless
  `ranks = "pending"` holds them back.
- Each line's edit summary `/* ... */` names the data files and lines of the claim.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from svg_rdf.curation.datafile import Table, check_top_level, load_toml
from svg_rdf.curation.entities import KINDS
from svg_rdf.errors import DataFileError
from svg_rdf.export.writer import OutputFile
from svg_rdf.model import Claim, Curation, Entity, Evidence, QuantityValue, SourceDocument
from svg_rdf.project import Project
from svg_rdf.wikidata import pending as qs_pending
from svg_rdf.wikidata.syntax import (
    Refusal,
    fit_quote,
    monolingual_token,
    string_token,
    value_forms,
    value_token,
)

MEDIA_TYPE = "text/plain; charset=utf-8"
FILE_NAME = "wikidata.qs"
RANK_MODES = ("quickstatements3", "pending")
RANK_TOKENS = {"preferred": "Rpreferred", "deprecated": "Rdeprecated"}
IDENTIFYING = ("P143", "P4656", "P854")  # the reference snaks that name the source
QUOTATION = "P1683"
SUMMARY_PLACES = 5


@dataclass(frozen=True)
class QsSettings:
    """seeds/wikidata.toml: the longest quotation and how ranks are written."""

    quote_limit: int = 400
    ranks: str = "quickstatements3"
    create_kinds: tuple[str, ...] = ("event", "monument", "unit")


def load_settings(project: Project) -> QsSettings:
    """The settings, defaults when the file is absent; raises DataFileError when malformed."""
    path = project.seeds / "wikidata.toml"
    if not path.exists():
        return QsSettings()
    display = project.relative(path)
    document, lines = load_toml(path, display)
    check_top_level(document, display, ["quote_limit", "ranks", "create_kinds"])
    table = Table(document, display, 1, len(lines) + 1, lines)
    limit = document.get("quote_limit", QsSettings.quote_limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 20 <= limit <= 1500:
        raise table.error(
            f"quote_limit {limit!r} must be a whole number of characters from 20 to 1500",
            key="quote_limit",
            fix="e.g. quote_limit = 400",
        )
    ranks = document.get("ranks", QsSettings.ranks)
    if ranks not in RANK_MODES:
        raise table.error(
            f"unknown ranks {ranks!r}", key="ranks", fix=f"use one of: {', '.join(RANK_MODES)}"
        )
    kinds = document.get("create_kinds", list(QsSettings.create_kinds))
    if not isinstance(kinds, list) or any(kind not in KINDS for kind in kinds):
        raise table.error(
            f"create_kinds {kinds!r} must list entity kinds",
            key="create_kinds",
            fix=f"use some of: {', '.join(KINDS)}",
        )
    return QsSettings(limit, ranks, tuple(sorted(set(kinds))))


@dataclass(frozen=True)
class Snak:
    """One reference snak: property, token as written, and the plain value it carries."""

    pid: str
    token: str
    plain: str


@dataclass(frozen=True)
class ReferenceGroup:
    """The reference one source gives a statement: its identifying snaks, then quotations."""

    source: str
    snaks: tuple[Snak, ...]

    def identity(self) -> frozenset[tuple[str, str]]:
        return frozenset((s.pid, s.plain) for s in self.snaks if s.pid in IDENTIFYING)


@dataclass(frozen=True)
class QsStatement:
    """A claim as one QuickStatements line."""

    claim: Claim
    subject: str  # a Q-id, or LAST for an item this file creates
    value: str
    qualifiers: tuple[tuple[str, str], ...]
    rank: str | None
    references: tuple[ReferenceGroup, ...]
    summary: str

    def line(
        self,
        *,
        references: Sequence[ReferenceGroup] | None = None,
        qualifiers: bool = True,
        rank: bool = True,
    ) -> str:
        """The tab-separated line; the diff writes one with only some references."""
        columns = [self.subject, self.claim.pid, self.value]
        if rank and self.rank:
            columns.append(self.rank)
        for pid, token in self.qualifiers if qualifiers else ():
            columns += [pid, token]
        groups = self.references if references is None else references
        for number, group in enumerate(groups):
            for position, snak in enumerate(group.snaks):
                bang = "!" if number and not position else ""
                columns += [f"{bang}S{snak.pid[1:]}", snak.token]
        return "\t".join(columns) + f" /* {self.summary} */"


@dataclass(frozen=True)
class Block:
    """The lines about one subject: created first (CREATE, terms) when it has no Q-id."""

    entity: Entity
    terms: tuple[str, ...]  # the LAST label, description and alias lines of a new item
    statements: tuple[QsStatement, ...]

    @property
    def created(self) -> bool:
        return self.entity.qid is None


@dataclass(frozen=True)
class Pending:
    """A claim that stays out of the file, with every reason."""

    claim: Claim
    reasons: tuple[Refusal, ...]


@dataclass(frozen=True)
class Plan:
    """What the file holds, in file order, and what waits."""

    blocks: tuple[Block, ...]
    pending: tuple[Pending, ...]
    claims: int

    @property
    def statements(self) -> tuple[QsStatement, ...]:
        return tuple(s for block in self.blocks for s in block.statements)


def plan(curation: Curation, settings: QsSettings) -> Plan:
    """Decide, deterministically, which claims go out and how each line reads.

    Raises DataFileError when a reference property the export needs is missing from
    ontology/properties.csv.
    """
    entities = {e.slug: e for e in curation.entities}
    sources = {s.stem: s for s in curation.sources}
    candidates: dict[int, QsStatement] = {}
    reasons: dict[int, list[Refusal]] = defaultdict(list)
    used: set[str] = set()
    for index, claim in enumerate(curation.claims):
        statement = _statement(claim, entities, sources, settings, reasons[index])
        if statement is not None:
            candidates[index] = statement
            used |= {s.pid for g in statement.references for s in g.snaks}
    _check_properties(used, curation)
    _hold_merged(candidates, reasons)
    terms: dict[str, tuple[str, ...]] = {}
    for index in sorted(candidates):
        if index not in candidates:  # held back with an earlier statement of its subject
            continue
        subject = entities[candidates[index].claim.subject]
        if subject.qid is not None or subject.slug in terms:
            continue
        lines = (
            _terms(subject)
            if subject.kind in settings.create_kinds
            else Refusal(
                "no-qid",
                f"subject {subject.slug} ({subject.label}) has no Q-id, and items of kind "
                f"{subject.kind!r} are not created (create_kinds in seeds/wikidata.toml): it "
                "most likely exists on Wikidata; record its Q-id",
                (subject.slug,),
            )
        )
        if isinstance(lines, Refusal):
            for other in [i for i in candidates if candidates[i].claim.subject == subject.slug]:
                reasons[other].append(lines)
                del candidates[other]
        else:
            terms[subject.slug] = lines
    exported_subjects = {s.claim.subject for s in candidates.values()}
    blocks = []
    for slug in sorted(exported_subjects):
        mine = tuple(s for i, s in sorted(candidates.items()) if s.claim.subject == slug)
        blocks.append(Block(entities[slug], terms.get(slug, ()), mine))
    pending = []
    for index, claim in enumerate(curation.claims):
        if index in candidates:
            continue
        found = reasons[index]
        subject = entities[claim.subject]
        if subject.qid is None and claim.subject not in exported_subjects:
            found.insert(
                0,
                Refusal(
                    "no-qid",
                    f"subject {subject.slug} ({subject.label}) has no Q-id and no statement of "
                    "it can go out, so it is not created",
                    (subject.slug,),
                ),
            )
        pending.append(Pending(claim, tuple(found)))
    return Plan(tuple(blocks), tuple(pending), len(curation.claims))


def _statement(
    claim: Claim,
    entities: Mapping[str, Entity],
    sources: Mapping[str, SourceDocument],
    settings: QsSettings,
    reasons: list[Refusal],
) -> QsStatement | None:
    value = value_token(claim.value, entities)
    if isinstance(value, Refusal):
        reasons.append(value)
    qualifiers: list[tuple[str, str]] = []
    for qualifier in claim.qualifiers:
        token = value_token(qualifier.value, entities)
        if isinstance(token, Refusal):
            if token not in reasons:
                reasons.append(token)
        else:
            qualifiers.append((qualifier.pid, token))
    if claim.rank != "normal" and settings.ranks == "pending":
        reasons.append(
            Refusal(
                "rank",
                f"{claim.rank} rank: classic QuickStatements cannot set ranks "
                '(ranks = "pending" in seeds/wikidata.toml); set the rank by hand',
            )
        )
    by_source: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in claim.evidence:
        by_source[evidence.source].append(evidence)
    groups: list[ReferenceGroup] = []
    for stem in sorted(by_source):
        group = _reference(sources[stem], by_source[stem], claim, entities, settings)
        if isinstance(group, Refusal):
            reasons.append(group)
        else:
            groups.append(group)
    if reasons or isinstance(value, Refusal):
        return None
    subject = entities[claim.subject]
    return QsStatement(
        claim=claim,
        subject=subject.qid or "LAST",
        value=value,
        qualifiers=tuple(qualifiers),
        rank=RANK_TOKENS.get(claim.rank),
        references=tuple(groups),
        summary=summary(claim),
    )


def _reference(
    source: SourceDocument,
    evidence: Sequence[Evidence],
    claim: Claim,
    entities: Mapping[str, Entity],
    settings: QsSettings,
) -> ReferenceGroup | Refusal:
    snaks: list[Snak] = []
    if source.imported_from is not None:
        snaks.append(Snak("P143", source.imported_from, source.imported_from))
    if source.url is not None:
        token = string_token(source.url)
        if isinstance(token, Refusal):
            return token
        snaks.append(Snak("P4656" if source.imported_from else "P854", token, source.url))
    if not snaks:
        return Refusal(
            "source-unnamed",
            f"source {source.filename} has neither imported_from nor url in seeds/sources.toml, "
            "so a Wikidata reference cannot name it; add one of them",
        )
    forms = value_forms(claim.value, entities)
    quotes: list[str] = []
    for item in sorted(evidence, key=Evidence.key):
        quote = fit_quote(item.quote, forms, settings.quote_limit)
        if quote is None:
            return Refusal(
                "quote-too-long",
                f"the quote at {item.place} is {len(item.quote)} characters, over quote_limit "
                f"{settings.quote_limit}, and no sentence of it within the limit holds the value "
                f"({claim.value.display()}); shorten the quote or raise quote_limit in "
                "seeds/wikidata.toml",
            )
        if quote not in quotes:
            quotes.append(quote)
    for quote in quotes:
        token = monolingual_token(quote, source.language)
        if isinstance(token, Refusal):
            return token
        snaks.append(Snak(QUOTATION, token, quote))
    return ReferenceGroup(source.stem, tuple(snaks))


def summary(claim: Claim) -> str:
    """The edit summary: where the claim was curated (file:line; at most five places)."""
    places = [str(p) for p in claim.places]
    shown = places[:SUMMARY_PLACES]
    if len(places) > SUMMARY_PLACES:
        shown.append(f"+{len(places) - SUMMARY_PLACES} more")
    text = "; ".join(shown)
    for bad, good in (("*/", "* /"), ("/*", "/ *"), ("|", "/"), ("\t", " "), ("\n", " ")):
        text = text.replace(bad, good)
    return text


def _check_properties(used: Iterable[str], curation: Curation) -> None:
    known = {p.pid for p in curation.properties}
    for pid in sorted(set(used) - known):
        raise DataFileError(
            f"the QuickStatements export needs {pid} for references, but the property table "
            "does not list it",
            path="ontology/properties.csv",
            fix=f"add {pid} with evidence of its id and datatype (wikidata-ids.md §1)",
        )


def match_token(statement: QsStatement) -> str:
    """What QuickStatements compares to find an existing statement: the value as written,
    but only the amount of a quantity (compared as a number)."""
    value = statement.claim.value
    if isinstance(value, QuantityValue):
        return "quantity:" + format(Decimal(value.amount).normalize(), "f")
    return statement.value


def _match_key(statement: QsStatement) -> tuple[str, str, str]:
    return (statement.claim.subject, statement.claim.pid, match_token(statement))


def _hold_merged(candidates: dict[int, QsStatement], reasons: dict[int, list[Refusal]]) -> None:
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index in sorted(candidates):
        groups[_match_key(candidates[index])].append(index)
    for members in groups.values():
        if len(members) < 2:
            continue
        winner = min(members, key=lambda i: (-len(candidates[i].references), i))
        kept = candidates[winner].claim
        for index in members:
            if index == winner:
                continue
            reasons[index].append(
                Refusal(
                    "same-value",
                    f"QuickStatements finds statements by property and value, so it would merge "
                    f"this one into {describe(kept)} ({kept.places[0]}), which goes out; add "
                    "this one by hand as a separate statement",
                )
            )
            del candidates[index]


def _terms(entity: Entity) -> tuple[str, ...] | Refusal:
    """The LAST lines giving a new item its labels, descriptions and aliases."""
    lines: list[str] = []
    for code, pairs in (("L", entity.labels), ("D", entity.descriptions), ("A", entity.aliases)):
        for language, text in pairs:
            token = monolingual_token(text, language)
            if isinstance(token, Refusal):
                return Refusal(
                    "unwritable-term",
                    f"{entity.slug} has no Q-id and cannot be created: {token.detail}",
                    (entity.slug,),
                )
            lines.append(f"LAST\t{code}{language}\t{token.split(':', 1)[1]} /* {entity.place} */")
    return tuple(lines)


def describe(claim: Claim) -> str:
    """`subject P123 value (P585 1937-10, ...)` for people reading a list."""
    text = f"{claim.subject} {claim.pid} {claim.value.display()}"
    if claim.qualifiers:
        text += " (" + ", ".join(f"{q.pid} {q.value.display()}" for q in claim.qualifiers) + ")"
    return text


def serialize(result: Plan) -> bytes:
    """The QuickStatements file: commands only, one per line, TAB-separated, UTF-8."""
    lines: list[str] = []
    for block in result.blocks:
        if block.created:
            lines.append("CREATE")
            lines.extend(block.terms)
        lines.extend(statement.line() for statement in block.statements)
    return "".join(line + "\n" for line in lines).encode("utf-8")


def output_files(
    curation: Curation, settings: QsSettings, name: str = FILE_NAME
) -> tuple[OutputFile, ...]:
    """`name` and its pending list as `<stem>-pending.json` and `<stem>-pending.md`."""
    stem = name.removesuffix(".qs")
    result = plan(curation, settings)
    document = qs_pending.document(result, curation)
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return (
        OutputFile(name, serialize(result), MEDIA_TYPE),
        OutputFile(f"{stem}-pending.json", text.encode("utf-8"), "application/json"),
        OutputFile(f"{stem}-pending.md", qs_pending.markdown(document, name), "text/markdown"),
    )
