"""Sentence splitting: headings, list items, abbreviations and the older mirror's layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svg_rdf.reports.sentences import split

REPO = Path(__file__).resolve().parents[1]


def texts(text: str) -> list[str]:
    return [s.text for s in split(text)]


def headings(text: str) -> list[str]:
    return [s.text for s in split(text) if s.heading]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It flew. Then it landed.", ["It flew.", "Then it landed."]),
        ("At 10:00 a.m. they were met.", ["At 10:00 a.m. they were met."]),
        ("It joined the U.S. Army in 1941.", ["It joined the U.S. Army in 1941."]),
        ("It joined the U.S. Army. It won.", ["It joined the U.S. Army.", "It won."]),
        ("Led by Claire L. Chennault.", ["Led by Claire L. Chennault."]),
        ("Gen. Asanov led it.", ["Gen. Asanov led it."]),
        ("It was 13:1. 1938 was worse.", ["It was 13:1.", "1938 was worse."]),
        (
            'He said "museum of antiquity." It stuck.',
            ['He said "museum of antiquity."', "It stuck."],
        ),
        ("Minor... The rest.", ["Minor...", "The rest."]),
        ("the conflict (1929). At the time", ["the conflict (1929).", "At the time"]),
        ("the Border War .The eleven-arch bridge", ["the Border War .", "The eleven-arch bridge"]),
        ("in inland China.The municipality", ["in inland China.", "The municipality"]),
        ("a .- Background", ["a .- Background"]),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_wiki_headings_and_title_lines_are_headings() -> None:
    text = "= Unit =\n\nRepublic of China\n- Dates: 1937\n\n==Background==\nIt began.\n"
    assert headings(text) == ["= Unit =", "Republic of China", "==Background=="]
    assert texts(text) == [
        "= Unit =",
        "Republic of China",
        "Dates: 1937",
        "==Background==",
        "It began.",
    ]


def test_list_items_are_sentences_without_their_marker() -> None:
    found = split("- Size: 3,665 pilots (peak)\n- Garrison: Nanjing, Lanzhou\n")
    assert [(s.text, s.line, s.start) for s in found] == [
        ("Size: 3,665 pilots (peak)", 1, 2),
        ("Garrison: Nanjing, Lanzhou", 2, 30),
    ]


def test_fragments_on_their_own_lines_continue_the_sentence() -> None:
    text = (
        "After the Incident\n, the Pact was signed. China paid.\n"
        ", Hankou\n, and at Lanzhou\nin the northwest.\n"
    )
    assert texts(text) == [
        "After the Incident\n, the Pact was signed.",
        "China paid.",
        ", Hankou\n, and at Lanzhou\nin the northwest.",
    ]


def test_a_short_line_continued_by_punctuation_is_not_a_heading() -> None:
    text = (
        "which authorized the American Volunteer Group\nFlying Tigers\n.\n"
        ", which was built in 1956.\n"
    )
    assert headings(text) == []
    assert texts(text) == [
        "which authorized the American Volunteer Group\nFlying Tigers\n.",
        ", which was built in 1956.",
    ]


def test_glossary_titles_are_headings_and_glossary_text_is_separate() -> None:
    text = (
        "the creation of the American Volunteer Group\n"
        "American Volunteer Group\n"
        "The American Volunteer Groups were volunteer air units...\n"
        "one in Liberation Park in WuhanWuhan\n"
        "Wuhan is the capital of Hubei province.\n"
    )
    assert headings(text) == ["American Volunteer Group"]
    assert texts(text) == [
        "the creation of the American Volunteer Group",
        "American Volunteer Group",
        "The American Volunteer Groups were volunteer air units...",
        "one in Liberation Park in WuhanWuhan",
        "Wuhan is the capital of Hubei province.",
    ]


def test_a_lone_full_stop_is_not_a_sentence() -> None:
    assert texts("It ended...\n.\nMonuments\n") == ["It ended...", "Monuments"]


def test_long_lines_without_punctuation_are_not_headings() -> None:
    assert headings("The Soviet squadrons were withdrawn after the Non-aggression pact\n") == []


def test_the_older_documents_sentences() -> None:
    text = (REPO / "seeds" / "000_4df81df14f38a968.txt").read_text(encoding="utf-8")
    pieces = split(text)
    found = {s.text: s for s in pieces}
    joined = found[
        "After the Marco Polo Bridge Incident\n, the Sino-Soviet Non-Aggression Pact was signed "
        "and large Soviet support was given to China by the Soviet Union, including the "
        "volunteer squadrons."
    ]
    assert (joined.line, joined.heading) == (5, False)
    assert found["Creation and withdrawal"].heading
    assert found["Soviet-Japanese Neutrality Pact"].heading
    assert not found[", Hankou"].heading
    assert sum(s.heading for s in pieces) == 14


@given(st.text(alphabet=st.sampled_from(list("aA. \n-=,'\u2019\u2026?!1(")), max_size=80))
def test_sentences_are_exact_ordered_trimmed_spans(text: str) -> None:
    previous_end = 0
    for sentence in split(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert any(char.isalnum() for char in sentence.text)
        assert sentence.start >= previous_end
        assert sentence.line == text.count("\n", 0, sentence.start) + 1
        previous_end = sentence.end
