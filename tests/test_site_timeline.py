"""The timeline page (issue 22 item 1): every dated statement, grouped by year in time order;
where statements date one thing differently, the dates side by side with their quotes; each
entry links to its statement on the entity's page; data stays text."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

from svg_rdf.model import ItemValue, Qualifier, QuantityValue, TimeValue
from svg_rdf.site.data import SiteData, statement_id
from svg_rdf.site.numbers import date_order
from svg_rdf.site.timeline import dated_statements, timeline_body, timeline_entries
from tests import site_factories as f
from tests.site_support import Page, built, site_files

ALPHA = f.source(
    "alpha",
    "Alpha",
    "The squadron was formed in October 1937. It fought at Wuhan from 1938 to 1939. "
    "Ivanov died on 13 December 1937. The war began in the 1930s.",
)
BETA = f.source(
    "beta", "Beta", "Ivanov died in 1938. The squadron was formed in 1937. Wuhan, 1938."
)


def sample() -> SiteData:
    entities = [
        f.entity("squadron", "Test Squadron", "unit"),
        f.entity("ivanov", "Ivan Ivanov"),
        f.entity("wuhan", "Battle of Wuhan", "event"),
        f.entity("war", "The War", "war"),
    ]
    claims = [
        f.claim(
            "squadron",
            "P571",
            TimeValue(1937, 10, 0, 10),
            f.quoted(ALPHA, "formed in October 1937"),
        ),
        f.claim("squadron", "P571", TimeValue(1937, 0, 0, 9), f.quoted(BETA, "formed in 1937")),
        f.claim("ivanov", "P570", TimeValue(1937, 12, 13, 11), f.quoted(ALPHA, "13 December 1937")),
        f.claim("ivanov", "P570", TimeValue(1938, 0, 0, 9), f.quoted(BETA, "died in 1938")),
        f.claim(
            "squadron",
            "P607",
            ItemValue("wuhan"),
            f.quoted(ALPHA, "from 1938 to 1939"),
            qualifiers=(
                Qualifier("P580", TimeValue(1938, 0, 0, 9)),
                Qualifier("P582", TimeValue(1939, 0, 0, 9)),
            ),
        ),
        f.claim("wuhan", "P585", TimeValue(1938, 0, 0, 9), f.quoted(BETA, "Wuhan, 1938")),
        f.claim("wuhan", "P585", TimeValue(1938, 0, 0, 9), f.quoted(ALPHA, "at Wuhan")),
        f.claim("war", "P580", TimeValue(1935, 0, 0, 8), f.quoted(ALPHA, "in the 1930s")),
        f.claim("squadron", "P1120", QuantityValue("12"), f.quoted(ALPHA, "The squadron")),
    ]
    return SiteData(f.curation(entities, [ALPHA, BETA], claims))


class Text(HTMLParser):
    """The visible text of a fragment, and its start tags."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def sections(html: str) -> list[tuple[str, str]]:
    """(heading, section html) in page order."""
    return re.findall(r'<h2 id="[^"]+">([^<]+)</h2>\n(.*?)</section>', html, re.S)


def entry_with(html: str, label: str, cls: str) -> str:
    """The one entry of class `cls` whose subject is `label` (its HTML up to the next)."""
    found = [
        "<li" + chunk
        for chunk in re.split(r"<li(?= class=\"entry)", html)[1:]
        if chunk.startswith(f' class="{cls}"') and f"{label}</a> —" in chunk
    ]
    assert len(found) == 1, (label, cls, found)
    return found[0].split("</ol>")[0]


def test_dates_come_from_values_and_qualifiers_of_any_time_property() -> None:
    data = sample()
    found = sorted(
        (d.claim.subject, d.claim.pid, d.via, d.date.display())
        for d in dated_statements(data.curation.claims)
    )
    assert ("squadron", "P607", "P580", "1938") in found
    assert ("squadron", "P607", "P582", "1939") in found
    assert ("war", "P580", None, "1935 (precision 8)") in found
    assert not any(pid == "P1120" for _, pid, _, _ in found)
    assert len(found) == 9


def test_years_in_order_with_a_decade_before_the_years_inside_it() -> None:
    html = timeline_body(sample())
    headings = [heading for heading, _ in sections(html)]
    assert headings == ["1930s", "1937", "1938", "1939"]
    nav = re.findall(r'<li><a href="#(y-[^"]+)">', html)
    assert nav == ["y-1930s", "y-1937", "y-1938", "y-1939"]


def test_one_thing_dated_differently_stands_side_by_side_with_both_quotes() -> None:
    html = timeline_body(sample())
    by_year = dict(sections(html))
    died = entry_with(html, "Ivan Ivanov", "entry differs")
    entry = Text(died).text
    assert "the statements give different dates" in entry
    assert entry.index("13 December 1937") < entry.index("1938")
    assert "13 December 1937" in entry and "died in 1938" in entry
    assert "Alpha, line 1" in entry and "Beta, line 1" in entry
    assert "Ivan Ivanov" in Text(by_year["1937"]).text
    # 1938 points back to the entry in 1937
    anchor = re.search(r'id="(e-[0-9a-f]+)"', died)
    assert anchor and f'href="#{anchor.group(1)}">see 1937</a>' in by_year["1938"]


def test_a_coarser_date_beside_a_finer_one_is_said_to_differ_only_in_precision() -> None:
    html = timeline_body(sample())
    formed = entry_with(html, "Test Squadron", "entry differs")
    text = Text(formed).text
    assert "dated more and less precisely" in text
    assert text.index("1937") < text.index("October 1937")  # coarser first
    assert "pointer" not in html.split('<h2 id="y-1938">')[0].split('<h2 id="y-1937">')[1]


def test_one_date_from_two_sources_is_one_entry_with_both_quotes() -> None:
    entries = [e for e in timeline_entries(sample()) if e.first.claim.subject == "wuhan"]
    assert len(entries) == 1 and len(entries[0].dates) == 1
    html = timeline_body(sample())
    entry = entry_with(html, "Battle of Wuhan", "entry")
    assert "Wuhan, 1938" in entry and "at Wuhan" in entry


def test_every_entry_links_to_its_statement_on_the_entitys_page() -> None:
    data = sample()
    html = timeline_body(data)
    links = set(re.findall(r'<a class="subject" href="(entity/[^"]+)"', html))
    expected = {
        f"entity/{d.claim.subject}.html#s-{statement_id(d.claim)}"
        for e in timeline_entries(data)
        for d in [e.first]
    }
    assert links == expected


def test_the_page_does_not_depend_on_the_order_of_the_input() -> None:
    data = sample()
    reordered = dataclasses.replace(data.curation, claims=tuple(reversed(data.curation.claims)))
    assert timeline_body(SiteData(reordered)) == timeline_body(data)


HOSTILE = "a <b> & \"c\" 'd' </script><script>alert(1)</script>"


def test_hostile_labels_quotes_and_titles_stay_text() -> None:
    text = f"On 5 May 1940 {HOSTILE} happened."
    source = f.source("evil", f"Title {HOSTILE}", text)
    entity = f.entity("evil", f"Label {HOSTILE}", "event")
    claims = [
        f.claim(
            "evil", "P585", TimeValue(1940, 5, 5, 11), f.quoted(source, f"5 May 1940 {HOSTILE}")
        ),
        f.claim("evil", "P585", TimeValue(1941, 0, 0, 9), f.quoted(source, f"{HOSTILE} happened")),
    ]
    html = timeline_body(SiteData(f.curation([entity], [source], claims)))
    parsed = Text(html)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert f"Label {HOSTILE}" in parsed.text
    assert f"5 May 1940 {HOSTILE}" in parsed.text
    assert f"Title {HOSTILE}, line 1" in parsed.text
    assert "</script>" not in html and "<b>" not in html


def test_no_dates_no_years() -> None:
    html = timeline_body(SiteData(f.curation([f.entity("x", "X")], [], [])))
    assert "No statement has a date." in html and "<h2" not in html


# -- the built site -------------------------------------------------------------------


def test_the_site_has_a_timeline_linked_from_home_and_every_page() -> None:
    files = site_files()
    assert 'href="timeline.html"' in files["site/index.html"].data.decode("utf-8")
    lev = files["site/entity/lev-shuster.html"].data.decode("utf-8")
    assert '<a href="../timeline.html">Timeline</a>' in lev
    page = files["site/timeline.html"].data.decode("utf-8")
    assert '<html lang="en">' in page and "<script" not in page.split("</head>")[1]
    assert page.count("<h1>") == 1


def test_the_timeline_holds_every_dated_statement_of_the_build_in_order() -> None:
    curation = built().curation
    page = site_files()["site/timeline.html"].data.decode("utf-8")
    linked = set(re.findall(r'href="entity/[^"#]+\.html#s-([0-9a-f]+)"', page))
    dated = {statement_id(d.claim) for d in dated_statements(curation.claims)}
    assert dated and dated <= linked
    years = [heading for heading, _ in sections(page)]
    assert years == sorted(years, key=lambda y: int(y.rstrip("s")))
    # the entries' own dates (not pointers, not the sides of a difference) run in order
    for _, body in sections(page):
        whens = re.findall(
            r'<li class="entry"[^>]*>\n<p class="what"><time datetime="([^"]+)">', body
        )
        values = [
            TimeValue(*[*map(int, w.split("-")), 0, 0][:3], 8 + len(w.split("-"))) for w in whens
        ]
        assert values == sorted(values, key=date_order)
    assert "German aid to China" in page and "the statements give different dates" in page
    Page(page)  # parses
