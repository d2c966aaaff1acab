"""QuickStatements lines an editor is glad to receive (issue 19, item 5).

No line twice (references that name their source alike are one reference), an edit
summary that means something on Wikidata (the source's title, the quote verified, no
local path), and no statement whose only evidence is its value's own name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from svg_rdf.model import Curation, Evidence, ItemValue
from svg_rdf.wikidata import plan as qs
from svg_rdf.wikidata.references import names_only
from tests import qs_oracle
from tests.test_quickstatements import DATA, FIXTURES, ROOT, exported
from tests.test_quickstatements import oracle_meaning as oracle_view
from tests.test_quickstatements import planned_meaning as planned_view

# Q13550863 stands for an item in these tests only (the stated-in value of QuickStatements'
# own test, wikidata-ids.md §4): here, a Q-id recorded for the unit as `accept` would.
RECORDED = "Q13550863"
UNIT = "soviet-volunteer-group"
SUMMARY = re.compile(r" /\* (.*) \*/$")


def with_unit_qid(curation: Curation) -> Curation:
    entities = tuple(replace(e, qid=RECORDED) if e.slug == UNIT else e for e in curation.entities)
    return replace(curation, entities=entities)


def with_copy_of(curation: Curation, stem: str, *, reword: bool = False) -> Curation:
    """A second source named exactly like `stem` (a mirror with the same naming snaks)
    carrying the same evidence, each quote cut by one character when `reword`."""
    source = next(s for s in curation.sources if s.stem == stem)
    copy = replace(source, stem=f"{stem}-copy", title=f"{source.title}, a copy")

    def copied(e: Evidence) -> Evidence:
        cut = reword and len(e.quote) > 1
        return replace(e, source=copy.stem, quote=e.quote[:-1] if cut else e.quote)

    claims = tuple(
        replace(c, evidence=(*c.evidence, *(copied(e) for e in c.evidence if e.source == stem)))
        for c in curation.claims
    )
    return replace(curation, sources=(*curation.sources, copy), claims=claims)


def batch(curation: Curation, settings: qs.QsSettings) -> list[str]:
    return qs.serialize(qs.plan(curation, settings)).decode("utf-8").splitlines()


def commands(lines: list[str]) -> list[str]:
    return [SUMMARY.sub("", line) for line in lines]


def repeated(lines: list[str]) -> list[str]:
    return sorted(line for line, n in Counter(lines).items() if n > 1)


# -- one statement, one reference per way of naming its source ---------------------------


def test_a_copy_named_alike_adds_no_line_and_no_reference() -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    alone = batch(curation, settings)
    doubled = batch(with_copy_of(curation, "alpha"), settings)
    assert repeated(doubled) == []
    assert commands(doubled) == commands(alone)
    almaty = [line for line in doubled if line.startswith("Q35493\tP17\t")]
    assert len(almaty) == 2  # alpha (and its copy) on one line, beta on the other
    assert "Alpha (invented test text); Alpha (invented test text), a copy" in almaty[0]


def test_their_quotes_are_merged_into_one_reference() -> None:
    curation, settings, _ = exported(DATA / "qs-sources")
    lines = batch(with_copy_of(curation, "alpha", reword=True), settings)
    almaty = [line for line in lines if line.startswith("Q35493\tP17\t")]
    assert len(almaty) == 2
    assert (
        'en:"Alma Ata lay in the Soviet Union."\tS1683\ten:"Alma Ata lay in the Soviet Union"'
        in almaty[0]
    )
    assert almaty[0].count("S4656") == 1
    meaning = qs_oracle.read("\n".join(lines) + "\n")
    reference = meaning.statements[("Q35493", "P17", ("item", "Q15180"))].references
    assert len(reference) == 2  # one per way of naming: alpha (with its copy), beta


def test_no_line_twice_once_the_unit_has_a_qid() -> None:
    """The measured case: with the unit's Q-id recorded, two statements came out as
    byte-identical line pairs (the two texts of one Wikipedia article, no permalink)."""
    curation, settings, _ = exported(ROOT)
    recorded = with_unit_qid(curation)
    result = qs.plan(recorded, settings)
    lines = qs.serialize(result).decode("utf-8").splitlines()
    assert any(line.startswith(f"{RECORDED}\t") for line in lines)
    assert repeated(lines) == []
    assert repeated(commands(lines)) == []
    meaning = qs_oracle.read("\n".join(lines) + "\n")
    assert oracle_view(meaning) == planned_view(recorded, result)


# -- edit summaries -----------------------------------------------------------------------


def summaries(lines: list[str]) -> list[str]:
    found = [SUMMARY.search(line) for line in lines if line != "CREATE"]
    assert all(found), lines
    return [m[1] for m in found if m]


@pytest.mark.parametrize("case", [*FIXTURES, "the project, unit recorded"])
def test_every_summary_says_what_was_verified_without_a_local_path(case: str) -> None:
    curation, settings, _ = exported(ROOT if case.startswith("the project") else DATA / case)
    if case.startswith("the project"):
        curation = with_unit_qid(curation)
    lines = batch(curation, settings)
    titles = {s.title for s in curation.sources}
    for line, text in zip([x for x in lines if x != "CREATE"], summaries(lines), strict=True):
        assert len(text) <= qs.SUMMARY_LIMIT
        assert not re.search(r"seeds/|\.toml|\.txt|:\d+\b", text), text
        if re.match(r"LAST\t[LDA][a-z]", line):
            assert text.startswith("svg-rdf: new item; Wikidata was searched")
            continue
        assert text.startswith("svg-rdf: quote verified in "), text
        named = text.removeprefix("svg-rdf: quote verified in ").split("; ")
        assert named and set(named) <= titles, text


def test_a_hostile_title_cannot_break_the_line_and_is_cut_to_the_limit() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    hostile = "Alpha */ |\tpart\n" + "very long title " * 30
    sources = tuple(replace(s, title=hostile) for s in curation.sources)
    lines = batch(replace(curation, sources=sources), settings)
    for text in summaries(lines):
        if "quote verified" not in text:
            continue
        assert len(text) == qs.SUMMARY_LIMIT and text.endswith("\u2026")
        assert "*/" not in text and "/*" not in text and "|" not in text and "\t" not in text
    qs_oracle.read("\n".join(lines) + "\n")  # 0 parser errors


# -- a quote that is only the value's name ------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "weak"),
    [
        ("Republic of China", True),
        ("  republic  of\nCHINA ", True),
        ("Republic of China.", True),
        ("China", True),  # an alias
        ("— China —", True),
        ("the Republic of China", False),
        ("Allegiance: Republic of China", False),
        ("a military unit of the Republic of China", False),
        ("Republic of China 1937", False),
        ("Chinese", False),
    ],
)
def test_a_quote_that_is_only_the_name(quote: str, weak: bool) -> None:
    assert (names_only(quote, ["Republic of China", "China"]) is not None) is weak


def claim_of(curation: Curation, pid: str, slug: str) -> int:
    return next(
        i for i, c in enumerate(curation.claims) if c.pid == pid and c.value == ItemValue(slug)
    )


def with_quotes(curation: Curation, index: int, quotes: list[str]) -> Curation:
    """The claim's evidence replaced by `quotes`, each placed where its first quote was."""
    claim = curation.claims[index]
    first = claim.evidence[0]
    evidence = tuple(replace(first, quote=q, end=first.start + len(q)) for q in quotes)
    claims = list(curation.claims)
    claims[index] = replace(claim, evidence=evidence)
    return replace(curation, claims=tuple(claims))


def test_a_statement_whose_only_quote_is_its_value_name_waits() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    index = claim_of(curation, "P17", "republic-of-china")
    sent = qs.plan(curation, settings)  # must not fire: the quote states the relation
    assert any(s.claim == curation.claims[index] for s in sent.statements)
    weak = with_quotes(curation, index, ["Republic of China", "REPUBLIC OF CHINA."])
    result = qs.plan(weak, settings)
    held = next(p for p in result.pending if p.claim == weak.claims[index])
    reason = next(r for r in held.reasons if r.code == "weak-quote")
    assert '"Republic of China" / "REPUBLIC OF CHINA."' in reason.detail
    assert "quote a sentence that states the relation" in reason.detail
    assert all(s.claim != weak.claims[index] for s in result.statements)


def test_a_name_beside_a_real_quote_is_not_sent_but_holds_nothing() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    index = claim_of(curation, "P17", "republic-of-china")
    strong = curation.claims[index].evidence[0].quote
    mixed = with_quotes(curation, index, [strong, "Republic of China"])
    statement = next(
        s for s in qs.plan(mixed, settings).statements if s.claim == mixed.claims[index]
    )
    quotes = [s.plain for g in statement.references for s in g.snaks if s.pid == "P1683"]
    assert quotes == [strong]


def test_the_project_sends_no_statement_whose_only_quote_is_a_name() -> None:
    # the allegiance was once quoted only by the infobox caption "Republic of China";
    # the data now quotes a sentence that states it, and nothing is held as weak
    curation, settings, _ = exported(ROOT)
    result = qs.plan(with_unit_qid(curation), settings)
    weak = [p for p in result.pending if any(r.code == "weak-quote" for r in p.reasons)]
    assert weak == []
    sent = [s for s in result.statements if s.claim.subject == UNIT and s.claim.pid == "P945"]
    quotes = [s.plain for st in sent for g in st.references for s in g.snaks if s.pid == "P1683"]
    assert quotes == [
        "Prior to each mission, the pilots changed into Chinese uniforms, whilst their planes "
        "were marked with Chinese Air Force insignia."
    ]


def test_a_debris_quote_that_states_the_relation_sends_its_reference_without_it() -> None:
    curation, settings, _ = exported(DATA / "qs-values")
    index = claim_of(curation, "P17", "republic-of-china")
    debris = ", " + curation.claims[index].evidence[0].quote
    cut = with_quotes(curation, index, [debris])
    statement = next(s for s in qs.plan(cut, settings).statements if s.claim == cut.claims[index])
    assert [s.pid for g in statement.references for s in g.snaks] == ["P143", "P4656", "P813"]


def with_second_source(curation: Curation, index: int, quote: str) -> Curation:
    """The claim also quoted by `quote` in a second source that names itself differently
    (its own permalink), the quote placed where the claim's first quote was."""
    claim = curation.claims[index]
    first = claim.evidence[0]
    source = next(s for s in curation.sources if s.stem == first.source)
    other = replace(
        source,
        stem="other-mirror",
        title="Another mirror",
        permalink="https://example.org/w/index.php?title=Other&oldid=1",
        url="https://example.org/wiki/Other",
    )
    extra = replace(first, source=other.stem, quote=quote, end=first.start + len(quote))
    claims = list(curation.claims)
    claims[index] = replace(claim, evidence=(*claim.evidence, extra))
    return replace(curation, sources=(*curation.sources, other), claims=tuple(claims))


def test_a_source_whose_only_quote_is_the_name_gives_no_reference() -> None:
    # issue 19 item 5: a quote that is only the value's name verifies nothing, so that
    # source is not cited at all, even when another source states the relation
    curation, settings, _ = exported(DATA / "qs-values")
    index = claim_of(curation, "P17", "republic-of-china")
    cited = with_second_source(curation, index, "Republic of China.")
    statement = next(
        s for s in qs.plan(cited, settings).statements if s.claim == cited.claims[index]
    )
    assert [g.sources for g in statement.references] == [
        (curation.claims[index].evidence[0].source,)
    ]
    assert all(
        s.plain != "https://example.org/w/index.php?title=Other&oldid=1"
        for g in statement.references
        for s in g.snaks
    )
    assert "Another mirror" not in statement.summary
    assert all("Another mirror" not in line for line in statement.lines())
    # the same second source with a quote that states more is cited (the rule must not
    # fire on it)
    stated = with_second_source(curation, index, "the Republic of China")
    statement = next(
        s for s in qs.plan(stated, settings).statements if s.claim == stated.claims[index]
    )
    assert len(statement.references) == 2
    assert "Another mirror" in statement.summary


def test_a_name_in_the_article_beside_a_quote_outside_it_waits_as_weak() -> None:
    # the relation is stated only in lines marked not_article, the article gives only the
    # name: no source verifies it, so nothing is sent and the reason is the weak quote
    curation, settings, _ = exported(DATA / "qs-values")
    index = claim_of(curation, "P17", "republic-of-china")
    first = curation.claims[index].evidence[0]
    named = with_second_source(curation, index, "Republic of China.")
    source = next(s for s in named.sources if s.stem == first.source)
    line = source.text.count("\n", 0, first.start) + 1
    marked = replace(source, not_article=((line, line),))
    sources = tuple(marked if s.stem == source.stem else s for s in named.sources)
    outside = replace(named, sources=sources)
    result = qs.plan(outside, settings)
    assert all(s.claim != outside.claims[index] for s in result.statements)
    held = next(p for p in result.pending if p.claim == outside.claims[index])
    assert [r.code for r in held.reasons] == ["weak-quote"]
    assert held.reasons[0].detail.startswith('its only evidence, "Republic of China."')
