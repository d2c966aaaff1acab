"""Help while curating: why a quote is not found, numbers read from quotes, did-you-mean."""

from __future__ import annotations

import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from svg_rdf.curation.evidence import QuoteProblem, locate, occurrences
from svg_rdf.curation.nearest import char_name, explain_absence, nearest
from svg_rdf.curation.numbers import (
    describe_numbers,
    months_in,
    numbers_in,
    unsupported,
    value_numbers,
)
from svg_rdf.curation.suggest import did_you_mean
from svg_rdf.curation.values import BadValue, canonical_decimal, parse_value
from svg_rdf.model import Place, QuantityValue, SourceDocument, StringValue, TimeValue
from tests.conftest import REPO

SEEDS = REPO / "seeds"


def real_quotes() -> list[tuple[str, str]]:
    """(source text, quote) for every quote of this repository's curation."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    found = []
    for path in sorted((SEEDS / "facts").glob("*.toml")):
        for claim in tomllib.loads(path.read_text(encoding="utf-8")).get("claim", []):
            items = claim["evidence"]
            for item in items if isinstance(items, list) else [items]:
                found.append((texts[item["source"]], item["quote"]))
    return found


# Each invisible slip: what the curator types for what the source has.
SLIPS = [
    (" ", "\u00a0", "U+0020 SPACE", "U+00A0 NO-BREAK SPACE"),
    ("\n", " ", "U+000A LINE FEED", "U+0020 SPACE"),
    ("\u2013", "-", "U+2013 EN DASH", "U+002D HYPHEN-MINUS"),
    (" ", "  ", None, "U+0020 SPACE"),
]


@pytest.mark.parametrize(("real", "typed", "source_name", "quote_name"), SLIPS)
def test_every_real_quote_with_an_invisible_slip_is_explained_at_the_slip(
    real: str, typed: str, source_name: str | None, quote_name: str
) -> None:
    tried = 0
    for text, quote in real_quotes():
        at = quote.find(real)
        if at < 0:
            continue
        slipped = quote[:at] + typed + quote[at + len(real) :]
        if slipped in text:
            continue
        tried += 1
        difference = nearest(text, slipped)
        assert difference is not None, slipped
        message = difference.explain(slipped)
        assert quote_name in message, message
        if source_name is not None:
            assert f"the source has {source_name} where the quote has {quote_name}" in message
        # The first difference is the slip itself (a doubled space may align either side).
        assert at <= difference.offset <= at + len(typed), (slipped, message)
        lines = {text.count("\n", 0, start + at) + 1 for start in occurrences(text, quote)}
        assert any(f"at line {line}," in message for line in lines), (lines, message)
    assert tried >= (1 if real == "\u2013" else 10)


def test_a_decomposed_letter_is_named_with_its_combining_mark() -> None:
    text = "The monument in Nanjing was rebuilt at Wuhan in 2008 by the Société des amis."
    quote = unicodedata.normalize("NFD", "rebuilt at Wuhan in 2008 by the Société des amis")
    message = explain_absence(text, quote)
    assert "U+00E9 LATIN SMALL LETTER E WITH ACUTE" in message
    assert "U+0065 LATIN SMALL LETTER E + U+0301 COMBINING ACUTE ACCENT" in message
    assert "decomposed (NFD)" in message


def test_the_difference_is_named_even_far_into_a_long_quote() -> None:
    text = ("word " * 60) + "the volunteer part of the Soviet Air Forces sent in 1937 " * 3
    quote = ("word " * 40) + "the volunteer\u00a0part"
    message = explain_absence(text, quote)
    assert "U+00A0 NO-BREAK SPACE" in message
    assert "character 214 of the quote" in message
    assert 'after "... word word the volunteer"' in message


def test_a_quote_like_nothing_in_the_source_says_so() -> None:
    assert explain_absence("Alpha beta gamma.", "entirely different words here") == (
        "no passage of the source is close to it"
    )


def test_locate_names_the_difference_for_quote_and_context() -> None:
    text = "In October 1937, some 450 pilots\nassembled at Alma Ata. Alma Ata again."
    source = SourceDocument("s", "s.txt", "t", "k", "en", "l", "0" * 64, text, Path("s.txt"))
    place = Place("f.toml", 3)
    with pytest.raises(QuoteProblem) as absent:
        locate(source, "some 450 pilots assembled", None, place)
    assert "U+000A LINE FEED where the quote has U+0020 SPACE" in absent.value.message
    with pytest.raises(QuoteProblem) as context:
        locate(source, "Alma Ata", "pilots assembled at Alma Ata.", place)
    assert "context not found" in context.value.message
    assert "U+000A LINE FEED" in context.value.message
    with pytest.raises(QuoteProblem) as inner:
        locate(source, "Alma\u00a0Ata", "assembled at Alma Ata.", place)
    assert "the context has U+0020 SPACE where the quote has U+00A0" in inner.value.message


def test_char_name_covers_control_characters() -> None:
    assert char_name("\n") == "U+000A LINE FEED"
    assert char_name("\u00a0") == "U+00A0 NO-BREAK SPACE"


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 7,000 men", {"7000"}),
        ("numbered 3,665 personnel", {"3665"}),
        ("between 1937\u20131941", {"1937", "1941"}),
        ("in 1937-41", {"1937", "41", "1941"}),
        ("in the 1930s", {"1930"}),
        ("the 4th century", {"4"}),
        ("1.5 million people", {"1.5", "1500000"}),
        ("loans of 50, 50 and 150 million $", {"50", "150", "50000000", "150000000"}),
        ("an interest of 3%", {"3", "0.03"}),
        ("half were turned over", {"0.5"}),
        # issue 20: "half" is read, so "four and a half" is 4.5
        ("four and a half years", {"4", "0.5", "4.5"}),
        ("4 and a half hours", {"4", "0.5", "4.5"}),
        ("two and a half thousand men", {"2", "0.5", "2.5", "2500"}),
        ("one and a quarter", {"1", "0.25", "1.25"}),
        ("three and three quarters", {"3", "3.75"}),
        ("twenty-one and a half", {"1", "21", "0.5", "21.5"}),
        ("twenty-five pilots and a hundred men", {"5", "25", "100"}),
        ("three thousand planes", {"3", "3000"}),
        ("7\u00a0000 sorties", {"7000"}),
        ("7.000 sorties", {"7.000", "7000"}),
        ("no digits here", set()),
    ],
)
def test_numbers_are_read_as_a_reader_reads_them(text: str, expected: set[str]) -> None:
    assert numbers_in(text) == {Decimal(n) for n in expected}


def test_a_value_of_four_and_a_half_is_read_in_its_quote() -> None:
    """docs/curating.md says "half" is read: so is "four and a half" (issue 20)."""
    stated = value_numbers(QuantityValue("4.5", None, None, None))
    assert unsupported(stated, ["The campaign lasted four and a half years."]) == []
    assert unsupported(stated, ["The campaign lasted four years and a half day."]) == stated


def test_months_by_name_and_abbreviation() -> None:
    assert months_in("In October 1937 and Feb. 1938") == {10, 2}
    assert months_in("they may come") == set()


@pytest.mark.parametrize(
    ("value", "passage", "missing"),
    [
        (QuantityValue("7000"), "about 7,000 men", []),
        (QuantityValue("700"), "about 7,000 men", ["the amount 700"]),
        (QuantityValue("1200", "1200"), "Over 1,200 aircraft", []),
        (QuantityValue("450", "400", "500"), "400 to 500 men", ["the amount 450"]),
        (TimeValue(1937, 10, 0, 10), "In October 1937", []),
        (TimeValue(1937, 10, 0, 10), "In 1937", ["the month October"]),
        (TimeValue(1937, 10, 5, 11), "On 5 October 1937", []),
        (TimeValue(1938, 4, 28, 11), "On 28 April", ["the year 1938"]),
        (TimeValue(1930, 0, 0, 8), "in the 1930s", []),
        (TimeValue(1301, 0, 0, 7), "the 14th century", []),
        (StringValue("about 7,000"), "about 7,000 men", []),
        (StringValue("about 700"), "about 7,000 men", ["the number 700 in 'about 700'"]),
    ],
)
def test_each_stated_number_must_be_in_the_passage(
    value: QuantityValue | TimeValue | StringValue, passage: str, missing: list[str]
) -> None:
    assert [s.shown() for s in unsupported(value_numbers(value), [passage])] == missing


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("7.000", "'7.000' reads as 7 or as 7000"),
        ("12.500", "'12.500' reads as 12.5 or as 12500"),
        ("7,00", "commas must separate groups of three digits"),
        (7.0, "7.0 has a zero fraction"),
    ],
)
def test_an_ambiguous_number_is_refused_not_rounded(spec: object, message: str) -> None:
    with pytest.raises(BadValue, match="ambiguous number") as refused:
        parse_value(spec, "quantity", entities=set())
    assert message in refused.value.message


def test_unambiguous_numbers_still_read() -> None:
    assert canonical_decimal("7,000") == "7000"
    assert canonical_decimal("0.50") == "0.5"
    assert canonical_decimal("1.234") == "1.234"
    assert canonical_decimal(0.5) == "0.5"


def test_a_message_lists_the_passages_numbers_plainly() -> None:
    assert describe_numbers(["1.50 and 2.0 men, 300 and 0.250", "no digits"]) == "0.25, 1.5, 2, 300"
    assert describe_numbers(["no digits"]) == "no number in digits"


# --- did you mean --------------------------------------------------------------------------


def test_did_you_mean_for_slugs_keys_and_properties() -> None:
    slugs = ["soviet-volunteer-group", "nanjing", "hankou"]
    assert did_you_mean("soviet-volunter-group", slugs) == "did you mean 'soviet-volunteer-group'?"
    assert did_you_mean("qualifer", ["qualifiers", "rank", "note"]) == "did you mean 'qualifiers'?"
    labels = {"P580": "start time", "P582": "end time", "P31": "instance of"}
    assert did_you_mean("start time", labels, labels=labels) == "did you mean P580 (start time)?"
    assert did_you_mean("P5800", labels, labels=labels).startswith("did you mean P580 (start")
    assert did_you_mean("zzzz", slugs) == ""
    assert did_you_mean(42, slugs) == ""
