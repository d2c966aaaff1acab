"""Amounts and dates on the site (issue 22 item 6): amounts grouped in thousands with the raw
number kept in `<data value>`, dates written to their Wikibase precision in words, and as
ISO 8601 cut to that precision in `<time datetime>` and in the schema.org JSON-LD."""

from __future__ import annotations

import json
import re

import pytest

from svg_rdf.model import ItemValue, QuantityValue, TimeValue
from svg_rdf.site.data import SiteData
from svg_rdf.site.numbers import (
    bounds_text,
    date_order,
    date_span,
    date_text,
    grouped,
    iso_date,
    ordinal,
)
from svg_rdf.site.schema_dates import schema_dates
from svg_rdf.site.views import date_html, value_html
from tests import site_factories as f
from tests.site_support import built, site_files


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("0", "0"),
        ("7", "7"),
        ("999", "999"),
        ("3665", "3,665"),
        ("84875", "84,875"),
        ("50000000", "50,000,000"),
        ("0.5", "0.5"),
        ("1234567.125", "1,234,567.125"),
        ("-84875", "\u221284,875"),
        ("-0.25", "\u22120.25"),
        ("12345678901234567890123", "12,345,678,901,234,567,890,123"),
    ],
)
def test_amounts_are_grouped_in_thousands_every_digit_kept(raw: str, shown: str) -> None:
    assert grouped(raw) == shown


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (TimeValue(1937, 12, 13, 11), "13 December 1937"),
        (TimeValue(1937, 10, 0, 10), "October 1937"),
        (TimeValue(1938, 0, 0, 9), "1938"),
        (TimeValue(1937, 0, 0, 8), "1930s"),
        (TimeValue(1937, 0, 0, 7), "20th century"),
        (TimeValue(1900, 0, 0, 7), "19th century"),
        (TimeValue(1901, 0, 0, 7), "20th century"),
        (TimeValue(1937, 0, 0, 6), "2nd millennium"),
        (TimeValue(1937, 5, 2, 9), "1937"),  # a finer date written to its precision only
        (TimeValue(865, 0, 0, 9), "865"),
    ],
)
def test_dates_are_written_to_their_precision(value: TimeValue, words: str) -> None:
    assert date_text(value) == words


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (TimeValue(1937, 12, 13, 11), "1937-12-13"),
        (TimeValue(1937, 10, 0, 10), "1937-10"),
        (TimeValue(1938, 0, 0, 9), "1938"),
        (TimeValue(865, 0, 0, 9), "0865"),
        (TimeValue(1937, 0, 0, 8), None),
        (TimeValue(1937, 0, 0, 7), None),
    ],
)
def test_machine_dates_are_iso_8601_cut_to_the_precision(value: TimeValue, iso: str) -> None:
    assert iso_date(value) == iso
    html = date_html(value)
    if iso is None:
        assert "<time" not in html and html == date_text(value)
    else:
        assert html == f'<time datetime="{iso}">{date_text(value)}</time>'


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"
    ]  # fmt: skip


def test_coarse_dates_span_their_period_and_sort_before_the_dates_inside() -> None:
    assert date_span(TimeValue(1937, 0, 0, 8)) == (1930, 1939)
    assert date_span(TimeValue(1937, 0, 0, 7)) == (1901, 2000)
    decade, year, month, day = (
        TimeValue(1937, 0, 0, 8),
        TimeValue(1930, 0, 0, 9),
        TimeValue(1930, 1, 0, 10),
        TimeValue(1930, 1, 5, 11),
    )
    assert sorted([day, month, year, decade], key=date_order) == [decade, year, month, day]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (QuantityValue("600", "0", "600"), "between 0 and 600"),
        (QuantityValue("450", "400", "500"), "± 50"),
        (QuantityValue("0.5", "0.25", "0.75"), "± 0.25"),
        (QuantityValue("12000", "10000", None), "at least 10,000"),
        (QuantityValue("12000", None, "15000"), "at most 15,000"),
        (QuantityValue("-5", "-10000", "0"), "between \u221210,000 and 0"),
        (QuantityValue("5"), ""),
    ],
)
def test_bounds_in_words(value: QuantityValue, words: str) -> None:
    assert bounds_text(value) == words


def site_data() -> SiteData:
    return SiteData(f.curation([f.entity("dollar", "United States dollar", "unit")], [], []))


def test_an_amount_with_unit_and_bounds_as_the_site_shows_it() -> None:
    data = site_data()
    value = QuantityValue("50000000", "40000000", "65000000", "dollar")
    html = value_html(data, value, "../")
    assert html == (
        '<span class="quantity"><data value="50000000">50,000,000</data> '
        '<a href="../entity/dollar.html">United States dollar</a> '
        '<span class="bounds">(between <data value="40000000">40,000,000</data> and '
        '<data value="65000000">65,000,000</data>)</span></span>'
    )
    assert data.value_text(value) == (
        "50,000,000 United States dollar (between 40,000,000 and 65,000,000)"
    )
    negative = value_html(data, QuantityValue("-84875"), "")
    assert negative == '<span class="quantity"><data value="-84875">\u221284,875</data></span>'


def test_a_unit_without_a_page_is_its_slug_as_text() -> None:
    html = value_html(site_data(), QuantityValue("3", unit="<b>&"), "")
    assert "&lt;b&gt;&amp;" in html and "<b>" not in html


def test_schema_dates_take_the_best_rank_and_only_dates_with_an_iso_form() -> None:
    born = f.claim("p", "P569", TimeValue(1906, 3, 0, 10))
    died = f.claim("p", "P570", TimeValue(1938, 4, 28, 11))
    died_wrongly = f.claim("p", "P570", TimeValue(1937, 0, 0, 9), rank="deprecated")
    assert schema_dates("Person", [born, died, died_wrongly]) == {
        "birthDate": "1906-03",
        "deathDate": "1938-04-28",
    }
    two = f.claim("p", "P570", TimeValue(1937, 0, 0, 9))
    assert schema_dates("Person", [died, two])["deathDate"] == ["1937", "1938-04-28"]
    preferred = f.claim("p", "P570", TimeValue(1937, 0, 0, 9), rank="preferred")
    assert schema_dates("Person", [died, preferred])["deathDate"] == "1937"
    decade = f.claim("p", "P569", TimeValue(1900, 0, 0, 8))
    assert schema_dates("Person", [decade]) == {}
    assert schema_dates("Place", [born]) == {}
    event = [
        f.claim("e", "P585", TimeValue(1937, 12, 13, 11)),
        f.claim("e", "P582", TimeValue(1938, 0, 0, 9)),
    ]
    assert schema_dates("Event", event) == {"startDate": "1937-12-13", "endDate": "1938"}
    started = f.claim("e", "P580", TimeValue(1937, 7, 0, 10))
    assert schema_dates("Event", [*event, started])["startDate"] == "1937-07"
    kept = f.claim("o", "P571", ItemValue("x"))  # not a date: left out
    assert schema_dates("Organization", [kept]) == {}


# -- the built site -------------------------------------------------------------------


def all_html() -> str:
    return "\n".join(
        file.data.decode("utf-8")
        for name, file in sorted(site_files().items())
        if name.startswith("site/") and name.endswith(".html")
    )


def test_the_site_writes_amounts_grouped_and_keeps_the_raw_number() -> None:
    text = all_html()
    amounts = re.findall(r'<data value="(-?[0-9.]+)">([^<]*)</data>', text)
    assert amounts
    for raw, shown in amounts:
        assert shown == grouped(raw)
    assert ("3665", "3,665") in amounts
    assert not re.search(r"<data value=\"[0-9]{4,}\">[0-9]{4,}</data>", text)


def test_every_date_on_the_site_is_written_to_its_precision() -> None:
    text = all_html()
    times = re.findall(r'<time datetime="([^"]+)">([^<]*)</time>', text)
    assert times
    for machine, words in times:
        parts = [int(p) for p in machine.split("-")]
        precision = {1: 9, 2: 10, 3: 11}[len(parts)]
        year, month, day = [*parts, 0, 0][:3]
        value = TimeValue(year, month, day, precision)
        assert words == date_text(value)
    shown = {m for m, _ in times}
    assert {"1937-10", "1937-12-13", "1941"} <= shown
    assert "precision 8)" not in text and "(precision" not in text


def test_entity_json_ld_carries_dates_cut_to_their_precision() -> None:
    curation = built().curation
    found = 0
    for entity in curation.entities:
        text = site_files()[f"site/entity/{entity.slug}.html"].data.decode("utf-8")
        match = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', text, re.S)
        assert match
        document = json.loads(match.group(1))
        for key in ("birthDate", "deathDate", "foundingDate", "startDate", "endDate"):
            for value in [document[key]] if isinstance(document.get(key), str) else []:
                assert re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value), value
                found += 1
    assert found >= 3


def test_json_ld_with_hostile_label_and_dates_stays_one_script_and_round_trips() -> None:
    from svg_rdf.site import _entity_schema
    from svg_rdf.site.html import Frame, page

    hostile = 'a <b> & "c" </script><script>alert(1)</script>'
    person = f.entity("p", hostile)
    data = SiteData(f.curation([person], [], [f.claim("p", "P569", TimeValue(1906, 3, 0, 10))]))
    document = _entity_schema(data, person, iri="https://x/p", url="https://x/p.html", dataset="d")
    frame = Frame(hostile, "", "https://x/p.html", structured=document)
    html = page("search.html", frame, site_title="t", page=None)
    text = html.decode("utf-8")
    assert text.count("</script>") == 1 and text.count("<script") == 1
    block = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', text, re.S)
    assert block
    assert json.loads(block.group(1)) == {**document, "birthDate": "1906-03"}
    assert json.loads(block.group(1))["name"] == hostile
