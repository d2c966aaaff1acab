"""The picture on an entity's page (issue 22 item 2): the neighbourhood as an inline SVG —
what links here and what it links to, by property, each neighbour a link — and the
timeline strip of its dated statements. Deterministic, capped, labelled, escaped."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from svg_rdf.model import Claim, ItemValue, Qualifier, QuantityValue, TimeValue
from svg_rdf.site.data import SiteData, statement_id
from svg_rdf.site.drawing import shorten, text_width, wrap
from svg_rdf.site.entity import entity_body
from svg_rdf.site.picture import (
    MAX_GROUPS,
    NODE_SIZE,
    NODES_X,
    PER_PROPERTY,
    WIDTH,
    neighbourhood,
    picture_html,
)
from svg_rdf.site.strip import MAX_ROWS, interval, strip_rows, strip_svg
from tests import site_factories as f
from tests.site_support import Page, built, site_files

DOC = f.source(
    "doc",
    "Doc",
    "The squadron fought at Wuhan. Ivanov served in it. Formed in October 1937, "
    "disbanded 1941. Twelve died.",
)
Q = f.quoted(DOC, "fought at Wuhan")
HOSTILE = "Bad <b>&amp; \"quoted\" 'single' </script><script>alert(1)</script>"


def sample(*extra: Claim, entities: tuple[tuple[str, str, str], ...] = ()) -> SiteData:
    people = [
        f.entity("squadron", "Test Squadron", "unit"),
        f.entity("wuhan", "Battle of Wuhan", "event"),
        f.entity("zz-nanjing", "Battle of Nanjing", "event"),
        f.entity("ivanov", "Ivan Ivanov"),
        f.entity("unit-class", "military unit", "class"),
        f.entity("china", "China", "country"),
        *(f.entity(slug, label, kind) for slug, label, kind in entities),
    ]
    claims = [
        f.claim("squadron", "P31", ItemValue("unit-class"), Q),
        f.claim(
            "squadron",
            "P607",
            ItemValue("wuhan"),
            Q,
            qualifiers=(
                Qualifier("P580", TimeValue(1938, 0, 0, 9)),
                Qualifier("P582", TimeValue(1939, 0, 0, 9)),
            ),
        ),
        f.claim("squadron", "P607", ItemValue("zz-nanjing"), Q),
        f.claim("squadron", "P571", TimeValue(1937, 10, 0, 10), f.quoted(DOC, "October 1937")),
        f.claim("squadron", "P571", TimeValue(1937, 0, 0, 9), Q),
        f.claim("squadron", "P1120", QuantityValue("12"), f.quoted(DOC, "Twelve died")),
        f.claim("ivanov", "P607", ItemValue("squadron"), f.quoted(DOC, "Ivanov served")),
        f.claim(
            "wuhan",
            "P1120",
            QuantityValue("3"),
            Q,
            qualifiers=(Qualifier("P607", ItemValue("squadron")),),
        ),
        *extra,
    ]
    return SiteData(f.curation(people, [DOC], claims))


class Svg(HTMLParser):
    """Each `<svg>` of a fragment: its attributes, links (href, title) and text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.svgs: list[dict[str, str | None]] = []
        self.links: list[tuple[str, str]] = []  # (class, href)
        self.titles: list[str] = []
        self.texts: list[str] = []
        self.tags: list[str] = []
        self.ids: list[str] = []
        self._in: list[str] = []
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "svg":
            self.svgs.append(values)
        if tag == "a":
            self.links.append((values.get("class") or "", values.get("href") or ""))
        self._in.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "text":
            self.texts.append(" ".join(self._text))
            self._text = []
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.titles.append(data)
        elif self._in and self._in[-1] in ("text", "tspan"):
            self._text.append(data)  # a <text>'s lines (tspans) joined by a space


def picture(data: SiteData, slug: str = "squadron") -> str:
    return picture_html(data, data.entities[slug], root="../")


def test_groups_by_direction_and_property_in_a_stable_order() -> None:
    near = neighbourhood(sample(), "squadron")
    assert [(g.pid, g.qualifier, g.neighbours, g.more) for g in near.outgoing] == [
        ("P31", False, ("unit-class",), "#p-P31"),
        (
            "P607",
            False,
            ("zz-nanjing", "wuhan"),
            "#p-P607",
        ),  # by label (Battle of N < W), not by slug
    ]
    # what links here: by a statement's value, and (after those) by a qualifier
    assert [(g.pid, g.qualifier, g.neighbours, g.more) for g in near.incoming] == [
        ("P607", False, ("ivanov",), "#mentioned"),
        ("P607", True, ("wuhan",), "#mentioned"),
    ]
    svg = Svg(picture(sample()))
    links = svg.links
    # the link by a qualifier stands under its own caption, its title says so
    assert svg.texts[:6] == [
        "Links here",
        "conflict",
        "Ivan Ivanov",
        "By qualifiers of statements",
        "conflict",
        "Battle of Wuhan",
    ]
    assert "conflict (P607), a qualifier" in svg.titles
    nodes = [href for cls, href in links if cls == "node"]
    assert nodes == [
        "../entity/ivanov.html",  # links here, above the entity
        "../entity/wuhan.html",
        "../entity/unit-class.html",  # links to, below
        "../entity/zz-nanjing.html",
        "../entity/wuhan.html",
    ]


def test_the_same_bytes_whatever_the_input_order() -> None:
    data = sample()
    curation = data.curation
    shuffled = dataclasses.replace(
        curation,
        claims=tuple(reversed(curation.claims)),
        entities=tuple(reversed(curation.entities)),
    )
    again = SiteData(shuffled)
    assert picture(again) == picture(data)
    assert picture(again).count("<svg") == 2
    assert picture(data) == picture(sample())  # and no randomness between calls


def test_a_big_neighbourhood_is_capped_with_links_to_the_full_list() -> None:
    many = 2 * PER_PROPERTY + 1
    extra = [f.claim("squadron", "P710", ItemValue(f"n{i:02d}"), Q) for i in range(many)] + [
        f.claim(f"n{i:02d}", "P710", ItemValue("squadron"), Q) for i in range(many)
    ]
    entities = tuple((f"n{i:02d}", f"Neighbour {i:02d}", "person") for i in range(many))
    svg = Svg(picture(sample(*extra, entities=entities)))
    nodes = [href for cls, href in svg.links if cls == "node"]
    assert sum(bool(re.fullmatch(r"\.\./entity/n\d\d\.html", h)) for h in nodes) == (
        2 * PER_PROPERTY
    )  # PER_PROPERTY each way
    assert "../entity/n00.html" in nodes and f"../entity/n{PER_PROPERTY:02d}.html" not in nodes
    more = [href for cls, href in svg.links if cls == "more"]
    assert more == ["#mentioned", "#p-P710"]
    hidden = many - PER_PROPERTY
    assert svg.texts.count(f"{hidden} more") == 2
    # a property missing from the table is named by its P-id (once)
    assert f"{hidden} more by P710: the full list on this page" in svg.titles


def test_more_properties_than_the_cap_end_in_a_link() -> None:
    pids = [f"P{9000 + i}" for i in range(MAX_GROUPS + 3)]
    extra = [f.claim("squadron", pid, ItemValue("china"), Q) for pid in pids]
    svg = Svg(picture(sample(*extra)))
    assert "5 more properties" in svg.texts  # with P31 and P607: MAX_GROUPS + 5
    assert ("more", "#statements") in svg.links


def test_hostile_labels_are_text_and_long_ones_shortened_with_the_full_label_kept() -> None:
    long = "The Extraordinarily Long-Named Volunteer Aviation Group of the Far East " * 2
    extra = [
        f.claim("squadron", "P17", ItemValue("bad"), Q),
        f.claim("long", "P710", ItemValue("squadron"), Q),
    ]
    data = sample(*extra, entities=(("bad", HOSTILE, "country"), ("long", long, "unit")))
    data.entities["squadron"] = dataclasses.replace(
        data.entities["squadron"], labels=(("en", "Squadron </script> & <i>co</i>"),)
    )
    html = picture(data)
    assert "</script>" not in html and "<script" not in html and "<b>" not in html
    assert "<i>" not in html
    svg = Svg(html)
    assert set(svg.tags) <= {
        "section", "h2", "figure", "figcaption", "svg", "title", "desc", "defs", "marker",
        "path", "line", "text", "tspan", "g", "rect", "a",
    }  # fmt: skip
    assert HOSTILE in svg.titles  # the full label, as text
    assert HOSTILE in svg.texts or any(
        t.endswith("…") and HOSTILE.startswith(t[:-1]) for t in svg.texts
    )
    assert "Connections of Squadron </script> & <i>co</i>" in svg.titles
    assert long in svg.titles
    shortened = [t for t in svg.texts if t.startswith("The Extraordinarily")]
    assert shortened and all(t.endswith("…") and len(t) < 40 for t in shortened)


def test_labelled_for_screen_readers_with_ids_unique_on_the_page() -> None:
    data = sample()
    body = entity_body(data, data.entities["squadron"], iri="https://x/e/squadron", root="../")
    svg = Svg(body)
    assert len(svg.ids) == len(set(svg.ids))
    for attributes in svg.svgs:
        assert attributes["role"] == "group"
        assert attributes["aria-labelledby"] in svg.ids
        assert attributes["aria-describedby"] in svg.ids
        width, height = (float(v) for v in (attributes["width"], attributes["height"]))
        assert attributes["viewbox"] == f"0 0 {width:g} {height:g}"
    assert "Connections of Test Squadron" in svg.titles
    desc = re.search(r'<desc id="picture-desc">([^<]*)</desc>', body)
    assert desc and desc.group(1) == (
        "Test Squadron links to 3 entities by 2 properties; 2 entities link to it by "
        "1 property. Each group is named by its property; each neighbour is a link to its page."
    )
    # the picture comes before the statements, which every "more" link leads to
    assert body.index('class="picture"') < body.index('id="statements"')


def test_an_entity_alone_still_has_its_picture() -> None:
    data = sample(entities=(("alone", "Alone", "concept"),))
    html = picture(data, "alone")
    assert html.count("<svg") == 1  # no dates: no strip
    assert "No statement links it to another entity, and none links here." in html
    assert "Alone links to no other entity; no entity links to it." in html


def test_the_strip_has_a_row_per_dated_thing_in_time_order() -> None:
    data = sample()
    rows = strip_rows(data, data.entities["squadron"])
    assert [(r.label, [d.date.year for d in r.dates], r.span) for r in rows] == [
        ("inception", [1937, 1937], False),  # two statements' dates side by side
        ("conflict: Battle of Wuhan", [1938, 1939], True),  # one statement's start and end
    ]
    svg = Svg(strip_svg(data, data.entities["squadron"]))
    claims = {statement_id(c) for c in data.outgoing["squadron"]}
    marks = [href for cls, href in svg.links if cls == "mark"]
    assert len(marks) == 4 and {m.removeprefix("#s-") for m in marks} <= claims
    assert "inception: October 1937" in svg.titles  # dates written per precision
    assert "conflict: Battle of Wuhan: 1939 (end time)" in svg.titles
    assert [t for t in svg.texts if t.isdigit()] == ["1937", "1938", "1939", "1940"]


def test_a_mark_is_as_wide_as_its_date_is_precise() -> None:
    day, month, year = (
        TimeValue(1938, 4, 29, 11),
        TimeValue(1938, 4, 0, 10),
        TimeValue(1938, 0, 0, 9),
    )
    decade = TimeValue(1930, 0, 0, 8)
    widths = [interval(d)[1] - interval(d)[0] for d in (day, month, year, decade)]
    assert widths == sorted(widths) and widths[2] == 1 and widths[3] == 10
    assert interval(month)[0] == 1938 + 3 / 12


def test_the_strip_caps_its_rows() -> None:
    extra = [
        f.claim("squadron", f"P{9100 + i}", TimeValue(1900 + i, 0, 0, 9), Q)
        for i in range(MAX_ROWS + 2)
    ]
    svg = Svg(strip_svg(sample(*extra), sample(*extra).entities["squadron"]))
    assert ("more", "#statements") in svg.links
    assert "4 more" in svg.texts  # 12 + 2 rows, 10 drawn


def test_text_is_measured_shortened_and_wrapped_deterministically() -> None:
    assert text_width("mmm", 10) > text_width("iii", 10) * 2
    assert text_width("中文", 10) == 20
    assert text_width("é", 10) == text_width("e", 10)
    assert shorten("short", 100, 10) == "short"
    cut = shorten("a rather long label that does not fit", 100, 10)
    assert cut.endswith("…") and text_width(cut, 10) <= 100
    assert shorten("a  b\n c", 100, 10) == "a b c"
    assert wrap("headquarters location", 100, 12) == ["headquarters", "location"]
    two = wrap("dissolved, abolished or demolished date", 100, 12)
    assert len(two) == 2 and two[1].endswith("…") and two[0] == "dissolved,"
    assert wrap("supercalifragilisticexpialidocious", 60, 12)[0].endswith("…")


def test_the_units_page_has_the_picture_with_its_neighbours() -> None:
    text = site_files()["site/entity/soviet-volunteer-group.html"].data.decode("utf-8")
    start, end = text.index('<section class="picture"'), text.index("</section>")
    svg = Svg(text[start:end])
    assert [s["class"] for s in svg.svgs] == ["neighbourhood", "timeline-strip"]
    nodes = {href for cls, href in svg.links if cls == "node"}
    for neighbour in ("soviet-union", "lev-shuster", "polikarpov-i-16", "republic-of-china"):
        assert f"../entity/{neighbour}.html" in nodes, neighbour
    assert "Connections of Soviet Volunteer Group" in svg.titles
    assert {"participant", "member of military unit", "country", "conflict"} <= set(svg.texts)
    assert any(cls == "mark" for cls, _ in svg.links)
    # every entity's page has one
    curation = built().curation
    for entity in curation.entities:
        page = site_files()[f"site/entity/{entity.slug}.html"].data.decode("utf-8")
        assert 'class="neighbourhood" role="group"' in page, entity.slug
    assert Page(text).ids >= {"picture-title", "picture-desc", "strip-title", "strip-desc"}


LABELS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120
).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(label=LABELS)
def test_any_label_is_text_in_the_picture_and_its_node_fits(label: str) -> None:
    extra = [f.claim("squadron", "P17", ItemValue("any"), Q)]
    svg = Svg(picture(sample(*extra, entities=(("any", label, "country"),))))
    assert label in svg.titles
    assert set(svg.tags) <= {
        "section", "h2", "figure", "figcaption", "svg", "title", "desc", "defs", "marker",
        "path", "line", "text", "tspan", "g", "rect", "a",
    }  # fmt: skip
    shown = shorten(label, WIDTH - NODES_X - 16, NODE_SIZE)
    assert shown in svg.texts
    assert text_width(shown, NODE_SIZE) + 16 <= WIDTH - NODES_X
