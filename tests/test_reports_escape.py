"""Data in the Markdown reports stays text (issue 24 item 6).

A project whose labels, titles and quotes hold HTML, Markdown links, emphasis, code spans,
table pipes and attribute lists is built; each Markdown report is rendered by python-markdown
with the extensions MkDocs always enables (plus attr_list, common in MkDocs themes), and
the HTML is read back: no tag, attribute or link from the data survives, and the text a
reader sees holds the data exactly.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svg_rdf.api import build
from svg_rdf.markdown import control_picture, escape, quoted
from svg_rdf.project import Project
from tests.reports_support import copy_fixture

markdown = pytest.importorskip("markdown", reason="python-markdown is in the test extras")

MARKDOWN_REPORTS = ("conflicts", "coverage", "reconciliation", "wikidata-pending")
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list"]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = "[x](javascript:alert(3))"
MARKS = "a|b `c` *d* _e_ {: onclick=alert(4)} &amp; \\ ~~g~~ ![i](http://h/) <http://j/>"
PAYLOADS = (SCRIPT, IMG, LINK, MARKS)
LABELS = {
    "Test Squadron": f"Squadron {SCRIPT} {MARKS}",
    "Nanjing": f"Nanjing {IMG}",
    "Lanzhou": f"Lanzhou {LINK}",
    "killed in action": f"killed {MARKS}",
}
TITLES = {
    "Test Squadron (newer text)": f"Alpha {IMG} {LINK}",
    "Test Squadron (older mirror)": f"Beta {SCRIPT} {MARKS}",
}
QUOTE = f"formed in 1950 at Nanjing {MARKS} {IMG}"


def toml_string(text: str) -> str:
    return json.dumps(text)


def hostile_project(root: Path) -> Path:
    copy_fixture("reports-basic", root)
    seeds = root / "seeds"
    alpha = seeds / "alpha.txt"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(
        text.replace("formed in 1950 at Nanjing.", QUOTE + ".")
        + f"Its motto was {SCRIPT} {LINK}\n",
        encoding="utf-8",
    )
    digest = hashlib.sha256(alpha.read_bytes()).hexdigest()
    sources = (seeds / "sources.toml").read_text(encoding="utf-8")
    sources = sources.replace(
        "d3e12caa88edef912da0c1989f3ab1c288354caf5a31884be8f97542da95f748", digest
    )
    for old, new in TITLES.items():
        sources = sources.replace(toml_string(old), toml_string(new))
    (seeds / "sources.toml").write_text(sources, encoding="utf-8")
    entities = (seeds / "entities" / "things.toml").read_text(encoding="utf-8")
    for old, new in LABELS.items():
        entities = entities.replace(f"label = {toml_string(old)}", f"label = {toml_string(new)}")
    (seeds / "entities" / "things.toml").write_text(entities, encoding="utf-8")
    facts = seeds / "facts" / "squadron.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            '"formed in 1950 at Nanjing"', toml_string(QUOTE)
        ),
        encoding="utf-8",
    )
    coverage = seeds / "coverage.toml"
    coverage.write_text(
        coverage.read_text(encoding="utf-8").replace(
            '"a pointer to another article"', toml_string(f"a pointer {LINK} {MARKS}")
        ),
        encoding="utf-8",
    )
    return root


class Page(HTMLParser):
    """The tags, attributes, links and visible text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(source: str) -> Page:
    page = Page()
    page.feed(markdown.markdown(source, extensions=EXTENSIONS))
    page.close()
    return page


def visible(text: str) -> str:
    return " ".join(text.split())


def strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("reports-basic", tmp_path_factory.mktemp("plain") / "project")
    build(Project.at(root))
    return root / "output"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    build(Project.at(root))
    return root / "output"


@pytest.mark.parametrize("name", MARKDOWN_REPORTS)
def test_no_tag_attribute_or_link_from_data_survives(name: str, plain: Path, hostile: Path) -> None:
    page = render((hostile / f"{name}.md").read_text(encoding="utf-8"))
    before = render((plain / f"{name}.md").read_text(encoding="utf-8"))
    assert not {"script", "img", "del", "s", "pre", "blockquote"} & set(page.tags), name
    for tag in ("a", "em", "strong", "code", "h1", "h2", "h3", "h4", "table", "ul", "ol"):
        # the report's own markup only: as many as the same report of the plain project
        assert page.tags.count(tag) == before.tags.count(tag), (name, tag)
    assert not [a for a in page.attributes if a[0].startswith("on")], name
    links = [value for key, value in page.attributes if key in {"href", "src"}]
    assert all(link.startswith(("https://www.wikidata.org/", "#")) or not link for link in links), (
        name,
        links,
    )


@pytest.mark.parametrize("name", MARKDOWN_REPORTS)
def test_the_visible_text_holds_the_data(name: str, hostile: Path) -> None:
    source = (hostile / f"{name}.md").read_text(encoding="utf-8")
    data = json.loads((hostile / f"{name}.json").read_text(encoding="utf-8"))
    text = visible("".join(render(source).text))
    hostile_strings = {payload for s in strings(data) for payload in PAYLOADS if payload in s}
    assert hostile_strings, f"{name}: the hostile project put no payload into the report"
    for payload in sorted(hostile_strings):
        assert visible(payload) in text, (name, payload)
    for label in LABELS.values():
        if any(label in s for s in strings(data)):
            assert visible(label) in text, (name, label)


@pytest.mark.parametrize(
    "data",
    [
        *PAYLOADS,
        "# heading",
        "- item",
        "+ item",
        "1. first",
        "2) second",
        "=",
        "> quote",
        "    indented",
        "line\nbreak",
        "trailing\\",
        "x\r\ny",
        "***",
        "---",
    ],
)
def test_escape_keeps_any_text_as_text_in_a_table_cell_and_in_prose(data: str) -> None:
    shown = data.replace("\r\n", " ⏎ ").replace("\n", " ⏎ ")
    for source in (
        escape(data),
        f"- {escape(data)}",
        f"## {escape(data)}",
        f"| a | b |\n|---|---|\n| {escape(data)} | {quoted(data)} |",
    ):
        page = render(source)
        assert set(page.tags) <= {
            "p",
            "ul",
            "li",
            "h2",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        }, (source, page.tags)
        assert visible(shown) in visible("".join(page.text)), source
    assert re.search(r"[\n\r]", escape(data)) is None


def shown(data: str) -> str:
    """What a reader should see of `data`: line breaks as ⏎, control characters as their
    pictures."""
    text = re.sub(r"\r\n|\r|\n", " ⏎ ", data)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: control_picture(m[0]), text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_text_renders_as_itself(data: str) -> None:
    for source in (
        escape(data),
        f"- {escape(data)}",
        f"| a | b |\n|---|---|\n| {escape(data)} | {quoted(data)} |",
    ):
        page = render(source)
        assert set(page.tags) <= {"p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}
        assert visible(shown(data)) in visible("".join(page.text)), (data, source)
