"""The site's templates: one per page kind, autoescaped, strict about undefined names, loaded
once; hostile strings in every field a page shows render as text on every page kind; and no
module of svg_rdf/site/ writes markup itself."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import tomllib
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path, PurePosixPath

import jinja2
import pytest

from svg_rdf.graph.mapping import map_curation
from svg_rdf.graph.vocab import OurNamespaces
from svg_rdf.model import ItemValue, Qualifier, QuantityValue, TimeValue
from svg_rdf.site import SiteSettings, markup, render_site
from svg_rdf.site.html import Frame, page
from tests import site_factories as f
from tests.conftest import REPO

HOSTILE = "Bad <b>&amp; \"quoted\" 'single' </script><script>alert(1)</script> </textarea>"
BASE = "https://example.org/x/"
TEMPLATES = resources.files("svg_rdf.site").joinpath("templates")
# a page kind per template extending base.html; the others are parts
PARTS = {"base.html", "macros.html", "picture.html"}


@dataclasses.dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    text: str


class Read(HTMLParser):
    """A page as a browser reads it: elements, script blocks and the text outside them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self.titles: list[str] = []
        self._open: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        inside = self._open[-1] if self._open else ""
        if inside == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif inside == "title":
            self.titles.append(data)
        else:
            self.text.append(data)

    @property
    def words(self) -> str:
        return "".join(self.text)


def hostile_site() -> dict[str, str]:
    """The site of a small project whose every string is hostile: labels, alias,
    description, source titles and texts, quotes, the dataset's words, an example query."""
    text_a = f"On 5 May 1940 {HOSTILE} died; the war {HOSTILE} went on."
    text_b = f"In 1941 {HOSTILE} died."
    a = f.source("a", f"Title A {HOSTILE}", text_a)
    b = f.source("b", f"Title B {HOSTILE}", text_b)
    person = dataclasses.replace(
        f.entity("p", f"Label {HOSTILE}"),
        aliases=(("en", f"Alias {HOSTILE}"),),
        descriptions=(("en", f"Description {HOSTILE}"),),
    )
    war = f.entity("war", f"War {HOSTILE}", "war")
    claims = [
        f.claim("p", "P570", TimeValue(1940, 5, 5, 11), f.quoted(a, f"5 May 1940 {HOSTILE}")),
        f.claim("p", "P570", TimeValue(1941, 0, 0, 9), f.quoted(b, f"1941 {HOSTILE}")),
        f.claim(
            "p",
            "P607",
            ItemValue("war"),
            f.quoted(a, f"the war {HOSTILE}"),
            qualifiers=(Qualifier("P580", TimeValue(1939, 0, 0, 9)),),
        ),
        f.claim("war", "P1120", QuantityValue("84875", unit="war"), f.quoted(a, "went on")),
    ]
    curation = f.curation([person, war], [a, b], claims)
    ours = OurNamespaces(BASE, "ex")
    settings = SiteSettings(
        name=f"Name {HOSTILE}",
        title=f"Dataset {HOSTILE}",
        description=f"About {HOSTILE}",
        license="https://creativecommons.org/licenses/by-sa/4.0/",
        base_iri=BASE,
        site_url=BASE,
    )
    example = Example("q", f"Query {HOSTILE}", f"Asks {HOSTILE}", f"SELECT * {{}} # {HOSTILE}")
    files = render_site(curation, map_curation(curation, ours), ours, settings, (), [example])
    return {
        file.name.removeprefix("site/"): file.data.decode("utf-8")
        for file in files
        if file.name.endswith(".html")
    }


# what each page kind must show as text (besides the site's name, on every page)
SHOWN = {
    "index.html": ["Dataset ", "About "],
    "entities.html": ["Label ", "War "],
    "sources.html": ["Title A ", "Title B "],
    "conflicts.html": ["Label ", "Title A ", "Title B "],
    "timeline.html": ["Label ", "War ", "5 May 1940 ", "Title A "],
    "dataset.html": ["Dataset ", "About "],
    "search.html": [],
    "query.html": ["Query ", "Asks ", "SELECT * {} # "],
    "entity/p.html": ["Label ", "Alias ", "Description ", "5 May 1940 ", "War ", "Title B "],
    "entity/war.html": ["War ", "Label "],
    "source/a.html": ["Title A ", "On 5 May 1940 ", "the war "],
}


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    return hostile_site()


def test_every_page_kind_is_rendered_from_its_template(site: dict[str, str]) -> None:
    kinds = {
        path.name
        for path in TEMPLATES.iterdir()
        if path.name.endswith(".html") and path.name not in PARTS
    }
    assert kinds == {
        "home.html",
        "entities.html",
        "sources.html",
        "conflicts.html",
        "timeline.html",
        "dataset.html",
        "search.html",
        "query.html",
        "entity.html",
        "source.html",
    }
    for kind in kinds:
        assert '{% extends "base.html" %}' in TEMPLATES.joinpath(kind).read_text("utf-8")
    assert set(SHOWN) <= set(site)


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_hostile_strings_render_as_text_on_every_page_kind(site: dict[str, str], name: str) -> None:
    text = site[name]
    read = Read(text)
    assert "b" not in read.tags
    assert read.tags.count("textarea") == (name == "query.html")
    # every script is a file of ours or a data block, and its JSON parses
    assert text.count("<script") == text.count("</script>") == len(read.scripts)
    for attrs, body in read.scripts:
        if attrs.get("src"):
            assert body == "" and attrs["src"] in ("search.js", "query.js", "../search.js")
        else:
            assert attrs.get("type") in ("application/ld+json", "application/json")
            json.loads(body)
    assert f"Name {HOSTILE}" in read.words  # the brand, in the header
    assert any(title.endswith(f" · Name {HOSTILE}") for title in read.titles)
    for prefix in SHOWN[name]:
        assert prefix + HOSTILE in read.words or any(
            prefix + HOSTILE in body for _, body in read.scripts
        ), (name, prefix)


def test_json_ld_keeps_hostile_labels_as_data(site: dict[str, str]) -> None:
    read = Read(site["entity/p.html"])
    (document,) = [json.loads(b) for a, b in read.scripts if a.get("type") == "application/ld+json"]
    assert document["name"] == f"Label {HOSTILE}"
    assert document["description"] == f"Description {HOSTILE}"
    examples = Read(site["query.html"]).scripts[-1][1]
    assert json.loads(examples)["q"]["text"] == f"SELECT * {{}} # {HOSTILE}"


def test_the_environment_escapes_refuses_undefined_names_and_is_made_once() -> None:
    env = markup.environment()
    assert markup.environment() is env  # templates compiled once a process
    assert env.bytecode_cache is None  # nothing written to disk
    assert env.undefined is jinja2.StrictUndefined
    for name in ("entity.html", "neighbourhood.svg", "any.other"):
        assert env.autoescape is True or env.autoescape(name)  # type: ignore[operator]
    assert env.get_template("home.html") is env.get_template("home.html")
    with pytest.raises(jinja2.UndefinedError):
        page("home.html", Frame("t", "", "https://x/"), site_title="s", page=None)


def test_values_are_escaped_as_the_site_escapes_and_markup_from_data_is_not_trusted() -> None:
    env = markup.environment()
    rendered = env.from_string("<p title='{{ v }}'>{{ v }}</p>").render(v="'\"<&>")
    assert rendered == "<p title='&#x27;&quot;&lt;&amp;&gt;'>&#x27;&quot;&lt;&amp;&gt;</p>"
    assert markup.script_json({"a": "</script>&"}) == '{\n "a": "\\u003c/script\\u003e\\u0026"\n}'


TAG = re.compile(r"</?[a-z][a-z0-9]*(\s|>|/>)")


def markup_strings(path: Path) -> list[tuple[int, str]]:
    """String constants (docstrings aside) of a module that hold an HTML or SVG tag."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and TAG.search(node.value)
    ]


def test_no_module_of_the_site_writes_markup_in_python(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""Doc <p>."""\nX = f\'<p class="a">{1}</p>\'\nY = "a < b > c"\n')
    assert {line for line, _ in markup_strings(sample)} == {2}  # the check can fail
    for path in sorted((REPO / "svg_rdf" / "site").glob("*.py")):
        assert markup_strings(path) == [], path


def test_the_templates_ship_with_the_package_and_jinja2_is_a_dependency() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["svg_rdf.site"]
    folder = REPO / "svg_rdf" / "site"
    shipped = [p for p in sorted((folder / "templates").rglob("*")) if p.is_file()]
    assert len(shipped) >= 14
    for path in shipped:
        relative = PurePosixPath(path.relative_to(folder).as_posix())
        assert any(relative.match(pattern) for pattern in patterns), relative
    names = [re.split(r"[<>=!~ ]", d, maxsplit=1)[0] for d in config["project"]["dependencies"]]
    assert "jinja2" in names
