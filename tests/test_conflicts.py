"""Conflicts: each rule of reports/conflicts.py decides the pairs it should, and only those."""

from __future__ import annotations

from dataclasses import replace

from svg_rdf.markdown import escape
from svg_rdf.model import (
    Claim,
    Constraint,
    Curation,
    Place,
    Property,
    Qualifier,
    QuantityValue,
    StringValue,
    TimeValue,
)
from svg_rdf.reports import conflicts, conflicts_document, conflicts_markdown
from tests.reports_support import PROPERTIES, amount, claim, curation, item, source

ALPHA = source(
    "alpha",
    "- Branch: Air Force A\n\nIt served in Air Force B. It ended in 1941 after pact A. "
    "It had 300 men in 1938. Also 500. In August 1937 it formed. It formed in 1937.",
)
BETA = source("beta", "It ended in 1941 after pact B. It had 400 men in 1939. It ended.")
SLUGS = ("pact-a", "pact-b", "air-force-a", "air-force-b", "unit-class", "volunteer-unit")


MORE = (
    Property("P31", "instance of", "wikibase-item", "test"),
    Property("P241", "military branch", "wikibase-item", "test"),
    Property("P279", "subclass of", "wikibase-item", "test"),
    Property("P576", "dissolved, abolished or demolished date", "time", "test"),
    Property("P2241", "reason for deprecated rank", "wikibase-item", "test"),
)


def with_constraints(cur: Curation, *pids: str, separators: tuple[str, ...] = ()) -> Curation:
    """`cur` with the test's properties and a single-value constraint on each of `pids`."""
    found = tuple(
        Constraint(pid, "single-value", separators, "project", "test", Place("c.csv", 2))
        for pid in pids
    )
    return replace(cur, properties=(*PROPERTIES, *MORE), constraints=found)


def judged(*claims: Claim, single: tuple[str, ...] = (), separators: tuple[str, ...] = ()) -> str:
    """The one rule deciding the one differing pair of `claims`."""
    cur = with_constraints(curation((ALPHA, BETA), claims, *SLUGS), *single, separators=separators)
    groups = [g for g in conflicts.judge_groups(cur) if g.pairs]
    assert len(groups) == 1 and len(groups[0].pairs) == 1, groups
    return groups[0].pairs[0].rule


def found(*claims: Claim, single: tuple[str, ...] = ()) -> list[conflicts.Conflict]:
    cur = with_constraints(curation((ALPHA, BETA), claims, *SLUGS), *single)
    return conflicts.find_conflicts(cur)


def ended(pact: str) -> Qualifier:
    return Qualifier("P1534", item(pact))


def year(number: int, month: int = 0) -> TimeValue:
    return TimeValue(number, month, 0, 10 if month else 9)


# --- agreement -------------------------------------------------------------------------------


def test_the_same_value_in_other_words_agrees() -> None:
    stated = Qualifier("P1932", StringValue("three hundred men"))
    other = Qualifier("P1932", StringValue("300"))
    for wordings in ((stated,), ()), ((stated,), (other,)):
        rule = judged(
            claim("P2124", amount(300), (ALPHA, "300 men"), qualifiers=wordings[0]),
            claim("P2124", amount(300), (BETA, "400 men"), qualifiers=wordings[1]),
        )
        assert rule == "same-value-other-words"
    # a different value in other words is still a different value
    rule = judged(
        claim("P2124", amount(300), (ALPHA, "300 men"), qualifiers=(stated,)),
        claim("P2124", amount(400), (BETA, "400 men"), qualifiers=(stated,)),
    )
    assert rule == "one-value-per-scope"


def test_the_same_value_with_fewer_qualifiers_agrees() -> None:
    rule = judged(
        claim("P576", year(1941), (ALPHA, "1941 after pact A"), qualifiers=(ended("pact-a"),)),
        claim("P576", year(1941), (BETA, "It ended in 1941")),
    )
    assert rule == "fewer-qualifiers"


def test_a_class_and_its_subclass_agree_when_the_curation_says_so() -> None:
    subclass = claim("P279", item("unit-class"), (ALPHA, "It served"), subject="volunteer-unit")
    pair = (
        claim("P31", item("unit-class"), (ALPHA, "It served")),
        claim("P31", item("volunteer-unit"), (BETA, "It ended")),
    )
    cur = with_constraints(curation((ALPHA, BETA), (*pair, subclass), *SLUGS), "P31")
    rules = [p.rule for g in conflicts.judge_groups(cur) for p in g.pairs]
    assert rules == ["class-and-subclass"]
    # without the P279 statement the two classes are just two values
    assert judged(*pair, single=("P31",)) == "single-value"


def test_a_coarser_date_agrees_with_a_finer_one_inside_it() -> None:
    assert (
        judged(
            claim("P571", year(1937), (ALPHA, "It formed in 1937.")),
            claim("P571", year(1937, 8), (ALPHA, "In August 1937 it formed.")),
        )
        == "coarser-date"
    )
    # August 1938 is not inside 1937
    assert (
        judged(
            claim("P571", year(1937), (ALPHA, "It formed in 1937.")),
            claim("P571", year(1938, 8), (ALPHA, "In August 1937 it formed.")),
        )
        == "one-value-per-scope"
    )


def test_an_amount_inside_the_others_bounds_agrees() -> None:
    rule = judged(
        claim("P2124", QuantityValue("300", "250", "350"), (ALPHA, "300 men")),
        claim("P2124", amount(320), (BETA, "400 men")),
    )
    assert rule == "within-bounds"


# --- not a conflict ------------------------------------------------------------------------


def test_values_that_differ_in_scope_answer_different_questions() -> None:
    in_1938 = Qualifier("P585", year(1938))
    in_1939 = Qualifier("P585", year(1939))
    rule = judged(
        claim("P2124", amount(300), (ALPHA, "300 men in 1938"), qualifiers=(in_1938,)),
        claim("P2124", amount(400), (BETA, "400 men in 1939"), qualifiers=(in_1939,)),
    )
    assert rule == "scope-differs"


def test_a_separator_of_the_constraint_is_a_scope() -> None:
    part = Qualifier("P1534", ended("pact-a").value)  # P1534 is no scope qualifier
    pair = (
        claim("P159", item("air-force-a"), (ALPHA, "Air Force A"), qualifiers=(part,)),
        claim("P159", item("air-force-b"), (BETA, "It ended")),
    )
    assert judged(*pair, single=("P159",)) == "single-value"
    assert judged(*pair, single=("P159",), separators=("P1534",)) == "scope-differs"


def test_a_multi_valued_property_takes_several_values() -> None:
    rule = judged(
        claim("P159", item("air-force-a"), (ALPHA, "Air Force A")),
        claim("P159", item("air-force-b"), (BETA, "It ended")),
    )
    assert rule == "several-values"


def test_a_silent_source_does_not_disagree() -> None:
    assert found(claim("P159", item("pact-a"), (ALPHA, "pact A"))) == []


def test_a_deprecated_statement_takes_no_part() -> None:
    refuted = Qualifier("P2241", item("pact-b"))
    assert (
        found(
            claim("P2124", amount(300), (ALPHA, "300 men")),
            claim(
                "P2124", amount(400), (BETA, "400 men"), rank="deprecated", qualifiers=(refuted,)
            ),
        )
        == []
    )


# --- conflicts -----------------------------------------------------------------------------


def test_a_single_valued_property_with_two_truthy_values_from_two_sources() -> None:
    [conflict] = found(
        claim("P159", item("air-force-a"), (ALPHA, "Air Force A")),
        claim("P159", item("air-force-b"), (BETA, "It ended")),
        single=("P159",),
    )
    assert conflict.rule == "single-value" and conflict.where == (conflicts.BETWEEN,)


def test_two_values_in_one_source_are_a_contradiction_within_it() -> None:
    [conflict] = found(
        claim("P2124", amount(300), (ALPHA, "300 men")),
        claim("P2124", amount(500), (ALPHA, "Also 500.")),
    )
    assert conflict.rule == "one-value-per-scope" and conflict.where == ("within alpha",)


def test_a_source_supporting_both_values_contradicts_itself_even_if_another_agrees() -> None:
    [conflict] = found(
        claim("P2124", amount(300), (ALPHA, "300 men"), (BETA, "400 men")),
        claim("P2124", amount(500), (ALPHA, "Also 500.")),
    )
    assert conflict.where == ("within alpha",)


def test_other_claimed_qualifiers_make_a_conflict() -> None:
    rule = judged(
        claim("P576", year(1941), (ALPHA, "1941 after pact A"), qualifiers=(ended("pact-a"),)),
        claim("P576", year(1941), (BETA, "1941 after pact B"), qualifiers=(ended("pact-b"),)),
    )
    assert rule == "one-value-per-scope"


def test_a_preferred_statement_resolves_the_conflict_by_rank() -> None:
    reason = Qualifier("P7452", item("pact-a"))
    [conflict] = found(
        claim("P2124", amount(300), (ALPHA, "300 men"), rank="preferred", qualifiers=(reason,)),
        claim("P2124", amount(400), (BETA, "400 men")),
    )
    assert conflict.rule == "resolved-by-rank"
    document = conflicts_document.report(
        with_constraints(curation((ALPHA, BETA), conflict.group.claims, *SLUGS))
    )
    assert document["summary"]["conflicts"] == 0
    assert document["summary"]["resolved_by_rank"] == 1
    assert document["conflicts"][0]["preferred"] == [1]


def test_an_infobox_row_against_the_prose_of_the_same_source() -> None:
    [conflict] = found(
        claim("P241", item("air-force-a"), (ALPHA, "Branch: Air Force A")),
        claim("P241", item("air-force-b"), (ALPHA, "It served in Air Force B.")),
        single=("P241",),
    )
    assert conflict.rule == "infobox-against-prose" and conflict.where == ("within alpha",)
    # the prose repeating the infobox value and adding none is no contradiction
    assert (
        found(
            claim(
                "P241", item("air-force-a"), (ALPHA, "Branch: Air Force A"), (ALPHA, "It served")
            ),
            single=("P241",),
        )
        == []
    )


def test_an_infobox_row_and_the_prose_of_a_multi_valued_property_list_several_values() -> None:
    # Wuhan's infobox gives the city as location, its prose the provinces: both hold
    pair = (
        claim("P241", item("air-force-a"), (ALPHA, "Branch: Air Force A")),
        claim("P241", item("air-force-b"), (ALPHA, "It served in Air Force B.")),
    )
    assert found(*pair) == []
    assert judged(*pair) == "several-values"


def test_an_infobox_row_against_the_prose_is_one_conflict_not_two() -> None:
    [conflict] = found(
        claim("P2124", amount(300), (ALPHA, "Branch: Air Force A")),
        claim("P2124", amount(500), (ALPHA, "Also 500.")),
    )
    assert conflict.rule == "infobox-against-prose" and [
        (p.first, p.second) for p in conflict.pairs
    ] == [(0, 1)]


def test_a_separator_of_the_constraint_scopes_the_infobox_rule_too() -> None:
    part = Qualifier("P1534", item("pact-a"))
    cur = with_constraints(
        curation(
            (ALPHA, BETA),
            (
                claim("P159", item("air-force-a"), (ALPHA, "Branch: Air Force A")),
                claim("P159", item("air-force-b"), (ALPHA, "Air Force B."), qualifiers=(part,)),
            ),
            *SLUGS,
        ),
        "P159",
        separators=("P1534",),
    )
    assert conflicts.find_conflicts(cur) == []


def test_a_single_valued_contradiction_inside_one_source_is_reported_within_it() -> None:
    for single in ((), ("P159",)):
        pid = "P159" if single else "P1120"
        values = (
            (item("air-force-a"), item("air-force-b"))
            if single
            else (amount(84875), amount(254628))
        )
        [conflict] = found(
            claim(pid, values[0], (ALPHA, "It served in Air Force B.")),
            claim(pid, values[1], (ALPHA, "Also 500.")),
            single=single,
        )
        assert conflict.where == ("within alpha",)
        assert conflict.rule == ("single-value" if single else "one-value-per-scope")


def test_every_rule_has_a_verdict_and_a_meaning() -> None:
    verdicts = {rule.verdict for rule in conflicts.RULES.values()}
    assert verdicts == {conflicts.AGREE, conflicts.NOT_CONFLICT, conflicts.CONFLICT, "resolved"}
    assert all(rule.meaning for rule in conflicts.RULES.values())


# --- the report ----------------------------------------------------------------------------


def test_the_report_names_the_rule_of_each_entry_and_lists_near_misses() -> None:
    cur = with_constraints(
        curation(
            (ALPHA, BETA),
            (
                claim("P159", item("air-force-a"), (ALPHA, "Air Force A")),
                claim("P159", item("air-force-b"), (BETA, "It ended")),
                claim("P571", year(1937), (ALPHA, "It formed in 1937.")),
                claim("P571", year(1937, 8), (ALPHA, "In August 1937 it formed.")),
            ),
            *SLUGS,
        ),
        "P159",
    )
    document = conflicts_document.report(cur)
    assert [(c["property"], c["rule"]) for c in document["conflicts"]] == [("P159", "single-value")]
    assert [(n["property"], n["rule"]) for n in document["not_conflicts"]] == [
        ("P571", "coarser-date")
    ]
    [constraint] = document["single_value_constraints"]
    assert constraint["basis"] == "project" and constraint["evidence"] == "test"
    text = conflicts_markdown.markdown(document)
    assert "- Rule: `single-value` (conflict): #1 and #2" in text
    assert "| Unit | P571 inception | 1937 / 1937-08 | `coarser-date` |" in text


def test_hostile_values_stay_inside_their_table_cell() -> None:
    claims = (
        claim("P1932", StringValue("a | b\nc"), (ALPHA, "pact A")),
        claim("P1932", StringValue("d"), (BETA, "pact B")),
    )
    cur = with_constraints(curation((ALPHA, BETA), claims, *SLUGS), "P1932")
    text = conflicts_markdown.markdown(conflicts_document.report(cur))
    row = next(line for line in text.splitlines() if line.startswith("| 1 | a"))
    assert row.startswith("| 1 | a \\| b ⏎ c | — |")
    assert escape("x\\|y") == "x\\\\\\|y"
