"""Coverage report: which sentences of each source the evidence cites, and which it does not.

Sources are split into headings and sentences by `reports.sentences` (rules there). A
sentence is *cited* when the span of any piece of evidence from its source overlaps it.
An uncited sentence is, in this order:

- *no fact*: declared fact-free by the curator in seeds/coverage.toml, with a reason;
- *repeat*: its text (whitespace collapsed) lies inside a cited sentence of the same
  source; the older document's glossary repeats fragments of the article this way;
- *needs curation*: anything else, a fact nobody has quoted yet.

seeds/coverage.toml (optional) holds one table per fact-free sentence:

    [[no_fact]]
    source = "001_fac9f245705e1fde"
    sentence = "American Volunteer Group"   # the exact text, or a prefix of one sentence
    reason = "a See also link"

Whitespace runs count as one space. An entry matches the uncited sentences whose text
equals `sentence`, else those it is a prefix of; they must all have the same text (copies
of one sentence), so a prefix is never ambiguous. An entry that matches nothing, names an
unknown source, or claims a sentence another entry claims is an error at its line.

The report also lists the statements whose numbers the curator derived rather than quoted
(`derived = "..."` in a fact file), with the reason, so a reader can check each one.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from svg_rdf.markdown import escape, quoted, table
from svg_rdf.model import Curation, NoFact, Place, SourceDocument
from svg_rdf.reports.common import Labels
from svg_rdf.reports.facts import CARRIED, DECLARED, MISSING, Fact, find_facts
from svg_rdf.reports.sentences import Sentence, split

NO_FACT, REPEAT, NEEDS_CURATION = "no-fact", "repeat", "needs-curation"
STATUS_ORDER = (NEEDS_CURATION, NO_FACT, REPEAT)
STATUS_TITLES = {
    NEEDS_CURATION: "Uncited: needs curation",
    NO_FACT: "Uncited: no fact",
    REPEAT: "Uncited: repeats cited text",
}


@dataclass(frozen=True)
class Uncited:
    sentence: Sentence
    status: str
    reason: str | None = None
    declared_at: Place | None = None
    repeats_line: int | None = None


@dataclass(frozen=True)
class SourceCoverage:
    source: SourceDocument
    sentences: tuple[Sentence, ...]
    headings: tuple[Sentence, ...]
    cited: tuple[Sentence, ...]
    uncited: tuple[Uncited, ...]
    facts: tuple[Fact, ...] = ()

    def facts_with(self, status: str) -> list[Fact]:
        return [f for f in self.facts if f.status == status]

    def count(self, status: str) -> int:
        return sum(1 for u in self.uncited if u.status == status)


def measure(curation: Curation, declarations: tuple[NoFact, ...]) -> list[SourceCoverage]:
    """The coverage of every source; raises DataFileError for a bad declaration."""
    stems = {source.stem for source in curation.sources}
    for declaration in declarations:
        if declaration.source not in stems:
            raise declaration.error(
                f"unknown source {declaration.source!r}",
                f"use one of: {', '.join(sorted(stems))}",
                line=declaration.source_line,
            )
    claimed: dict[tuple[str, int], NoFact] = {}
    result = []
    for source in sorted(curation.sources, key=lambda s: s.stem):
        spans = sorted(
            (e.start, e.end)
            for claim in curation.claims
            for e in claim.evidence
            if e.source == source.stem
        )
        pieces = split(source.text)
        sentences = tuple(p for p in pieces if not p.heading)
        reach = list(accumulate((end for _, end in spans), max))  # furthest end so far
        cited = tuple(s for s in sentences if _overlaps(spans, reach, s))
        cited_set = frozenset(cited)
        uncited = [s for s in sentences if s not in cited_set]
        mine = [d for d in declarations if d.source == source.stem]
        declared = _resolve(source, [d for d in mine if d.fact is None], pieces, uncited, claimed)
        result.append(
            SourceCoverage(
                source=source,
                sentences=sentences,
                headings=tuple(p for p in pieces if p.heading),
                cited=cited,
                uncited=tuple(_classify(s, declared, cited) for s in uncited),
                facts=tuple(find_facts(source, cited, curation, mine)),
            )
        )
    return result


def _overlaps(spans: list[tuple[int, int]], reach: list[int], sentence: Sentence) -> bool:
    """Whether one of the sorted `spans` overlaps the sentence, by bisection (not a scan).

    `reach[i]` is the furthest end among `spans[: i + 1]`.
    """
    before = bisect_left(spans, (sentence.end,))  # the spans starting before the sentence ends
    return before > 0 and reach[before - 1] > sentence.start


def _resolve(
    source: SourceDocument,
    declarations: list[NoFact],
    pieces: list[Sentence],
    uncited: list[Sentence],
    claimed: dict[tuple[str, int], NoFact],
) -> dict[int, NoFact]:
    """Each declaration's uncited sentences, by start offset."""
    found: dict[int, NoFact] = {}
    for declaration in declarations:
        matches = [s for s in uncited if s.flat == declaration.sentence]
        matches = matches or [s for s in uncited if s.flat.startswith(declaration.sentence)]
        if not matches:
            raise declaration.error(*_no_match(source, declaration, pieces))
        texts = sorted({s.flat for s in matches})
        if len(texts) > 1:
            lines = ", ".join(str(s.line) for s in matches)
            raise declaration.error(
                f"{declaration.sentence!r} is a prefix of {len(texts)} different uncited "
                f"sentences of {source.filename} (lines {lines})",
                "write more of the sentence you mean",
            )
        for sentence in matches:
            earlier = claimed.get((source.stem, sentence.start))
            if earlier is not None:
                raise declaration.error(
                    f"the sentence on line {sentence.line} of {source.filename} is already "
                    f"declared at {earlier.place}",
                    "remove one of the two entries",
                )
            claimed[(source.stem, sentence.start)] = declaration
            found[sentence.start] = declaration
    return found


def _no_match(source: SourceDocument, declaration: NoFact, pieces: list[Sentence]) -> list[str]:
    """Why a declaration matches no uncited sentence, and the fix."""
    for piece in pieces:
        if piece.flat == declaration.sentence or piece.flat.startswith(declaration.sentence):
            if piece.heading:
                return [
                    f"line {piece.line} of {source.filename} is a heading, never counted as "
                    "a sentence",
                    "remove the entry",
                ]
            return [
                f"the sentence on line {piece.line} of {source.filename} is cited by evidence, "
                "so it states a fact",
                "remove the entry",
            ]
    return [
        f"no sentence of {source.filename} is or starts with {declaration.sentence!r}",
        "copy the sentence verbatim from `svg-rdf coverage`, or remove the entry",
    ]


def _classify(
    sentence: Sentence, declared: dict[int, NoFact], cited: tuple[Sentence, ...]
) -> Uncited:
    declaration = declared.get(sentence.start)
    if declaration is not None:
        return Uncited(sentence, NO_FACT, declaration.reason, declaration.place)
    for other in cited:
        if sentence.flat in other.flat:
            return Uncited(sentence, REPEAT, repeats_line=other.line)
    return Uncited(sentence, NEEDS_CURATION)


def report(curation: Curation, declarations: tuple[NoFact, ...]) -> dict[str, Any]:
    """The coverage report as JSON-ready data; raises DataFileError for a bad declaration."""
    labels = Labels(curation)
    return {
        "report": "coverage",
        "sources": [_source_json(c) for c in measure(curation, declarations)],
        "derived": [
            {
                "subject": claim.subject,
                "statement": f"{labels.entity(claim.subject)}: {labels.property(claim.pid)}: "
                f"{labels.value(claim.value)}"
                + "".join(f"; {labels.qualifier(q)}" for q in claim.qualifiers),
                "derived": list(claim.derived),
                "places": [str(place) for place in claim.places],
            }
            for claim in curation.claims
            if claim.derived
        ],
    }


def _sentence_json(sentence: Sentence) -> dict[str, Any]:
    return {
        "line": sentence.line,
        "start": sentence.start,
        "end": sentence.end,
        "text": sentence.text,
    }


def _source_json(coverage: SourceCoverage) -> dict[str, Any]:
    return {
        "source": coverage.source.stem,
        "file": coverage.source.filename,
        "title": coverage.source.title,
        "counts": {
            "sentences": len(coverage.sentences),
            "headings": len(coverage.headings),
            "cited": len(coverage.cited),
            "uncited": len(coverage.uncited),
            "uncited_needs_curation": coverage.count(NEEDS_CURATION),
            "uncited_no_fact": coverage.count(NO_FACT),
            "uncited_repeat": coverage.count(REPEAT),
            "facts": len(coverage.facts),
            "facts_carried": len(coverage.facts_with(CARRIED)),
            "facts_declared": len(coverage.facts_with(DECLARED)),
            "facts_needs_curation": len(coverage.facts_with(MISSING)),
        },
        "facts_not_carried": [
            {
                "line": f.sentence.line,
                "sentence": f.sentence.text,
                "kind": f.kind,
                "fact": f.text,
                "start": f.start,
                "entity": f.entity,
                "status": f.status,
                "reason": f.reason,
                "declared_at": f.declared_at,
            }
            for f in coverage.facts
            if f.status != CARRIED
        ],
        "uncited": [
            {
                **_sentence_json(u.sentence),
                "status": u.status,
                "reason": u.reason,
                "declared_at": None if u.declared_at is None else str(u.declared_at),
                "repeats_line": u.repeats_line,
            }
            for u in coverage.uncited
        ],
        "headings": [_sentence_json(h) for h in coverage.headings],
    }


def markdown(document: dict[str, Any]) -> str:
    """The report as Markdown, rendered from `report()`'s data so the two always agree."""
    out = [
        "# Sentence coverage",
        "",
        "Which sentences of each source are cited by at least one reference. Generated by "
        "`svg-rdf build`; do not edit. Declare fact-free sentences in `seeds/coverage.toml`.",
        "",
        "- A sentence is cited when the span of any quote from its source overlaps it.",
        "- Headings (wiki headings and short title lines) are not sentences.",
        "- Uncited sentences are *no fact* (declared, with a reason), *repeats cited text* "
        "(the text lies inside a cited sentence), or *needs curation*.",
        "- Line breaks inside a quoted sentence are shown as ⏎.",
        "- Facts: every number written in digits and every name of a known entity in a cited "
        "sentence is *carried* (a statement citing the sentence holds it), *declared* "
        "fact-free in `seeds/coverage.toml` with a reason, or *needs curation*.",
        "",
    ]
    rows = []
    for source in document["sources"]:
        counts = source["counts"]
        rows.append(
            [
                f"`{source['source']}`",
                str(counts["sentences"]),
                str(counts["cited"]),
                str(counts["uncited_needs_curation"]),
                str(counts["uncited_no_fact"]),
                str(counts["uncited_repeat"]),
                str(counts["headings"]),
                f"{counts['facts_carried']} / {counts['facts']}",
                str(counts["facts_declared"]),
                str(counts["facts_needs_curation"]),
            ]
        )
    out += table(
        [
            "Source",
            "Sentences",
            "Cited",
            "Needs curation",
            "No fact",
            "Repeats",
            "Headings",
            "Facts carried",
            "Facts declared",
            "Facts needing curation",
        ],
        rows,
    )
    for source in document["sources"]:
        out += ["", f"## `{source['source']}`: {escape(source['title'])}"]
        for status in STATUS_ORDER:
            entries = [u for u in source["uncited"] if u["status"] == status]
            out += ["", f"### {STATUS_TITLES[status]} ({len(entries)})", ""]
            out += [_uncited_line(u) for u in entries] or ["None."]
        for status, title in ((MISSING, "needs curation"), (DECLARED, "declared fact-free")):
            entries = [f for f in source["facts_not_carried"] if f["status"] == status]
            out += ["", f"### Facts in cited sentences: {title} ({len(entries)})", ""]
            out += [_fact_line(f) for f in entries] or ["None."]
        out += ["", f"### Headings ({len(source['headings'])})", ""]
        out += [f"- line {h['line']}: {quoted(h['text'])}" for h in source["headings"]] or ["None."]
    derived = document["derived"]
    out += [
        "",
        f"## Numbers derived by the curator ({len(derived)})",
        "",
        "Statements with a number that their quotes do not state in so many words; the "
        "curator's `derived` says how it follows from them.",
        "",
    ]
    out += [
        f"- {escape(d['statement'])} ({escape(', '.join(d['places']))}): "
        f"{escape('; '.join(d['derived']))}"
        for d in derived
    ] or ["None."]
    return "\n".join(out) + "\n"


def _uncited_line(entry: dict[str, Any]) -> str:
    text = f"- line {entry['line']} [{entry['start']}:{entry['end']}]: {quoted(entry['text'])}"
    if entry["status"] == NO_FACT:
        text += f" (no fact: {escape(entry['reason'])}; {escape(entry['declared_at'])})"
    elif entry["status"] == REPEAT:
        text += f" (repeats line {entry['repeats_line']})"
    return text


def _fact_line(entry: dict[str, Any]) -> str:
    text = (
        f"- line {entry['line']}: {escape(entry['kind'])} {quoted(entry['fact'])} "
        f"in {quoted(entry['sentence'])}"
    )
    if entry["status"] == DECLARED:
        text += f" ({escape(entry['reason'])}; {escape(entry['declared_at'])})"
    return text
