"""The query page (site/query.html): examples written as text whatever they hold, nothing
executable inline (the site's CSP), and the page in the build. The browser side is in
tests/test_site_query_browser.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from svg_rdf.cli import cli
from svg_rdf.site.html import NAVIGATION, Frame, page
from svg_rdf.site.query import SCRIPT, query_page
from tests.site_support import Page, site_files

HOSTILE = "a <b> & \"c\" 'd' </script><script>alert(1)</script> </textarea> &amp; \u2028"


@dataclass(frozen=True)
class Ex:
    name: str
    title: str
    description: str
    text: str


class Parts(HTMLParser):
    """The page's text where the tests look: elements by id, options, script blocks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self.options: list[tuple[str | None, str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append((tag, dict(attrs)))
        if tag == "option":
            self.options.append((dict(attrs).get("value"), ""))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        tag, values = self.stack[-1]
        if values.get("id"):
            key = values["id"] or ""
            self.text[key] = self.text.get(key, "") + data
        if tag == "option":
            value, text = self.options[-1]
            self.options[-1] = (value, text + data)
        if tag == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def render(examples: list[Ex], base: str = "https://example.org/x/") -> str:
    frame = Frame("Query", "", "https://example.org/site/query.html", scripts=(SCRIPT,))
    view = query_page(examples, base_iri=base)
    return page("query.html", frame, site_title="t", page=view).decode("utf-8")


def test_hostile_examples_stay_text_in_options_textarea_and_data_block() -> None:
    hostile = Ex("a-b", "Title " + HOSTILE, "About " + HOSTILE, "SELECT * {} # " + HOSTILE)
    other = Ex("aa", "Plain", "", "ASK {}")
    text = render([hostile, other])
    parts = Parts(text)
    assert parts.options == [("a-b", hostile.title), ("aa", "Plain")]  # sorted by name
    assert parts.text["query-about"] == hostile.description
    # the parser drops the first newline after <textarea>: the text is the example's own
    assert parts.text["query-text"] == "\n" + hostile.text
    (block,) = [body for attrs, body in parts.scripts if attrs.get("type") == "application/json"]
    assert json.loads(block) == {
        "a-b": {"title": hostile.title, "description": hostile.description, "text": hostile.text},
        "aa": {"title": "Plain", "description": "", "text": "ASK {}"},
    }
    # what would close the data block or the textarea never appears raw
    main = text.split('<main id="main" tabindex="-1">', 1)[1]
    assert main.count("</script>") == 1 and main.count("</textarea>") == 1
    assert "<script>alert" not in text and "<b>" not in text


def test_nothing_runs_inline_under_the_sites_csp() -> None:
    """default-src 'self': every script is a file of the site or a data block."""
    parts = Parts(render([Ex("x", "X", "", "ASK {}")]))
    for attrs, body in parts.scripts:
        if attrs.get("src"):
            assert not body.strip()
        else:
            assert attrs.get("type") in ("application/json", "application/ld+json"), attrs
    assert any(attrs.get("src") == SCRIPT for attrs, _ in parts.scripts)
    assert " on" not in "".join(  # no event-handler attributes
        f" {name}" for _, values in Page(render([])).starts for name in values
    )


def test_form_posts_to_the_front_and_carries_the_base_iri() -> None:
    (form,) = [v for t, v in Page(render([], base="https://ex.org/a&b/")).starts if t == "form"][
        1:
    ]  # the first form is the site search
    assert form["action"] == "../query" and form["method"] == "post"
    assert form["data-base"] == "https://ex.org/a&b/"


def test_without_examples_the_page_says_so() -> None:
    parts = Parts(render([]))
    assert parts.options == []
    assert parts.text["query-text"] == "\n"
    assert "no example queries" in render([])


def test_the_built_site_has_the_page_its_script_and_every_example() -> None:
    files = site_files()
    text = files["site/query.html"].data.decode("utf-8")
    script = files[f"site/{SCRIPT}"]
    assert script.media_type.startswith("text/javascript")
    assert b"innerHTML" not in script.data and b"eval(" not in script.data
    names = [value for value, _ in Parts(text).options]
    assert names == sorted(names) and {"facts", "members", "timeline"} <= set(names)
    assert ("query.html", "Query", "query") in NAVIGATION
    assert 'href="query.html"' in files["site/index.html"].data.decode("utf-8")
    assert 'aria-current="page">Query<' in text
    assert "<code>svg-rdf serve</code>" in text.split('id="query-needs-serve"')[1]


def test_a_projects_own_example_is_on_the_page(project_dir: Path) -> None:
    (project_dir / "queries").mkdir()
    (project_dir / "queries" / "towns.rq").write_text(
        "# Towns & <villages>\n# Every </script> town.\nSELECT ?s WHERE { ?s a ?o }\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(project_dir)])
    assert result.exit_code == 0, result.stderr
    text = (project_dir / "output" / "site" / "query.html").read_text("utf-8")
    parts = Parts(text)
    assert ("towns", "Towns & <villages>") in parts.options
    (block,) = [body for attrs, body in parts.scripts if attrs.get("type") == "application/json"]
    assert json.loads(block)["towns"]["description"] == "Every </script> town."


def test_an_example_without_a_title_stops_the_build_in_one_line(project_dir: Path) -> None:
    (project_dir / "queries").mkdir()
    (project_dir / "queries" / "untitled.rq").write_text("SELECT * {}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--project", str(project_dir)])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("queries/untitled.rq:1: ")
    assert "title" in lines[0]
    assert not (project_dir / "output").exists()
