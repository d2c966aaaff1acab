"""The site in a real browser: headless Chromium (Debian's package) against `svg-rdf serve`.

Driven over the DevTools protocol (tests/cdp.py): open an entity by its IRI, follow a
quote to its highlighted span in the source and back, search, use the keyboard, read it
at phone width; no console error and no request leaving 127.0.0.1; axe-core (installed
from npm by .ci/run into tests/a11y/) finds no serious violation. Screenshots of three
page kinds are left in test-artifacts/site/.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from svg_rdf.endpoint.process import BROWSER_BLOCKED_PORTS, free_port
from tests.cdp import Browser, chromium_executable
from tests.endpoint_data import ROOT
from tests.needs import missing
from tests.site_support import artifacts, serving_site

AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    if chromium_executable() is None:
        missing("chromium", "apt-get install chromium")
    with serving_site() as url:
        yield url


@pytest.fixture
def browser(base: str) -> Iterator[Browser]:
    executable = chromium_executable()
    assert executable is not None
    started = Browser(executable)
    try:
        yield started
        problems = troubles(started, base)
        assert not problems, problems
    finally:
        started.close()


def troubles(browser: Browser, base: str) -> list[str]:
    """Console errors, uncaught exceptions, and requests that left 127.0.0.1."""
    found = []
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith((base + "/", "data:", "about:")):
                found.append(f"request to {url}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
    return found


def until(check: Callable[[], Any], what: str, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def follow(browser: Browser, selector: str) -> None:
    """Click a link that opens another document, and wait for it to load."""
    start = len(browser.events)
    browser.click(selector)
    browser.wait_for(lambda e: e.get("method") == "Page.loadEventFired", since=start)


def location(browser: Browser) -> tuple[str, str]:
    path, fragment = browser.evaluate("[location.pathname, location.hash]")
    return path, fragment


def test_entity_quote_to_its_highlighted_span_and_back(browser: Browser, base: str) -> None:
    browser.navigate(f"{base}/entity/lev-shuster")  # the IRI: 303 to the HTML page
    assert location(browser) == ("/site/entity/lev-shuster.html", "")
    assert browser.evaluate("document.querySelector('h1').textContent") == "Lev Shuster"
    browser.screenshot(artifacts() / "entity.png")
    statement, quote = browser.evaluate(
        "(() => { const a = document.querySelector('a.quote-link');"
        " return [a.closest('li.statement').id,"
        " a.closest('li.reference').querySelector('blockquote').textContent]; })()"
    )
    follow(browser, "a.quote-link")
    path, fragment = location(browser)
    assert path.startswith("/site/source/") and fragment.startswith("#r-")
    target = browser.evaluate(
        "(() => { const t = document.querySelector(':target');"
        " const c = t.closest('.cluster'); const r = t.getBoundingClientRect();"
        " return {text: c.textContent, inView: r.top >= 0 && r.bottom <= innerHeight,"
        " background: getComputedStyle(t.parentElement).backgroundColor}; })()"
    )
    assert quote in target["text"]
    assert target["inView"]
    assert target["background"] == "rgb(255, 201, 77)"  # the highlight of the target
    browser.screenshot(artifacts() / "source.png")
    # back: the passage's citation number, then the statement among those quoting it
    number = browser.evaluate("document.querySelector(':target').closest('.cluster').id.slice(2)")
    browser.click(f"#c-{number} + sup a")
    until(lambda: location(browser)[1] == f"#cite-{number}", "the citation list")
    follow(browser, f'#cite-{number} a.back-link[href$="#{statement}"]')
    assert location(browser) == ("/site/entity/lev-shuster.html", f"#{statement}")
    assert browser.evaluate("document.querySelector(':target').id") == statement


def test_search_without_a_server(browser: Browser, base: str) -> None:
    browser.navigate(f"{base}/site/search.html?q=shuster")
    found = until(
        lambda: browser.evaluate(
            "[...document.querySelectorAll('#search-results a')].map(a => a.textContent)"
        ),
        "search results",
    )
    assert found == ["Lev Shuster"]
    browser.evaluate("document.getElementById('site-search').value = ''")
    browser.evaluate("document.getElementById('site-search').focus()")
    browser.page("Input.insertText", {"text": "nanjing"})
    until(
        lambda: (
            "Nanjing"
            in browser.evaluate(
                "[...document.querySelectorAll('#search-results a')].map(a => a.textContent)"
            )
        ),
        "live results for nanjing",
    )
    status = browser.evaluate("document.getElementById('search-status').textContent")
    assert "match" in status
    follow(browser, "#search-results a")
    assert location(browser)[0].startswith("/site/entity/")


def test_keyboard_skip_link_and_focus(browser: Browser, base: str) -> None:
    browser.navigate(f"{base}/site/entity/lev-shuster.html")
    browser.press("Tab", "Tab", 9)
    assert browser.evaluate("document.activeElement.textContent") == "Skip to content"
    browser.press("Enter", "Enter", 13)
    until(lambda: location(browser)[1] == "#main", "the skip link")
    for _ in range(6):
        browser.press("Tab", "Tab", 9)
    focused = browser.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.tagName.toUpperCase(), s.outlineStyle, s.outlineWidth]; })()"
    )
    assert focused[0] == "A" and focused[1] != "none"  # focus is visible


def test_readable_on_a_phone(browser: Browser, base: str) -> None:
    browser.page(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )
    for path in (
        "/site/entity/soviet-volunteer-group.html",
        "/site/source/001_fac9f245705e1fde.html",
        "/site/conflicts.html",
        "/site/dataset.html",
        "/site/timeline.html",
    ):
        browser.navigate(base + path)
        width = browser.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a phone ({width} px)"
    browser.navigate(f"{base}/site/conflicts.html")
    browser.screenshot(artifacts() / "conflicts-phone.png")


def test_conflicts_page_screenshot(browser: Browser, base: str) -> None:
    browser.navigate(f"{base}/site/conflicts.html")
    assert browser.evaluate("document.querySelectorAll('table.side-by-side').length") > 0
    browser.screenshot(artifacts() / "conflicts.png")
    for name in ("entity.png", "source.png", "conflicts.png"):
        path = artifacts() / name
        if path.exists():
            assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 10_000


def test_timeline_runs_in_order_and_its_links_land_on_the_entity(
    browser: Browser, base: str
) -> None:
    browser.navigate(f"{base}/site/index.html")
    follow(browser, 'main a[href="timeline.html"]')
    assert location(browser) == ("/site/timeline.html", "")
    years = browser.evaluate(
        "[...document.querySelectorAll('main section.year > h2')].map(h => h.textContent)"
    )
    assert len(years) > 5 and years == sorted(years, key=lambda y: int(y.rstrip("s")))
    # each entry's own date (not a pointer, not the sides of a difference), in page order
    dates = browser.evaluate(
        "[...document.querySelectorAll('li.entry:not(.pointer):not(.differs) > p.what > time')]"
        ".map(t => t.getAttribute('datetime'))"
    )
    keys = [tuple(int(p) for p in [*d.split("-"), "0", "0"][:3]) for d in dates]
    assert len(keys) > 20 and keys == sorted(keys)
    sides = browser.evaluate(
        "[...document.querySelectorAll('li.entry.differs ul.dates')].map(u => {"
        " const [a, b] = [...u.children].map(li => li.getBoundingClientRect());"
        " return [u.children.length, Math.abs(a.top - b.top) < 2 && a.right <= b.left]; })"
    )
    assert sides and all(n >= 2 and side_by_side for n, side_by_side in sides)
    browser.screenshot(artifacts() / "timeline.png")
    follow(browser, 'li.entry a.subject[href^="entity/lev-shuster.html#s-"]')
    path, fragment = location(browser)
    assert path == "/site/entity/lev-shuster.html" and fragment.startswith("#s-")
    assert browser.evaluate("document.querySelector('h1').textContent") == "Lev Shuster"
    assert browser.evaluate("document.querySelector(':target').id") == fragment[1:]
    assert browser.evaluate("document.querySelector(':target p.value time').textContent") == (
        "28 April 1938"
    )


PICTURE = """(() => {
  const svg = document.querySelector('svg.neighbourhood');
  svg.scrollIntoView({block: 'start'});
  const box = svg.getBoundingClientRect();
  const style = getComputedStyle(svg);
  const node = svg.querySelector('a.node');
  const r = node.querySelector('rect').getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  const text = node.querySelector('text').getBoundingClientRect();
  return {width: box.width, height: box.height, left: box.left, right: box.right,
    shown: style.display !== 'none' && style.visibility === 'visible',
    onTop: hit !== null && hit.closest('a.node') === node,
    nodes: svg.querySelectorAll('a.node').length,
    textHeight: text.height,
    strip: document.querySelector('svg.timeline-strip').getBoundingClientRect().width,
    page: document.documentElement.scrollWidth};
})()"""


@pytest.mark.parametrize(("width", "phone"), [(1280, False), (375, True)])
def test_the_units_picture_is_visible_readable_and_its_links_land(
    browser: Browser, base: str, width: int, phone: bool
) -> None:
    browser.page(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 2 if phone else 1, "mobile": phone},
    )
    browser.navigate(f"{base}/site/entity/soviet-volunteer-group.html")
    seen = browser.evaluate(PICTURE)
    assert seen["shown"] and seen["onTop"], seen  # drawn, and not covered by anything
    assert seen["nodes"] > 30 and seen["height"] > 300, seen
    assert seen["left"] >= 0 and seen["right"] <= width and seen["page"] <= width, seen
    assert seen["width"] >= (340 if phone else 400) and seen["strip"] == seen["width"], seen
    assert seen["textHeight"] >= 11, seen  # a neighbour's name, in CSS pixels: readable
    browser.screenshot(artifacts() / f"picture-{'phone' if phone else 'desktop'}.png")
    # a neighbour's link, clicked, lands on its page
    follow(browser, 'svg.neighbourhood a.node[href="../entity/lev-shuster.html"]')
    assert location(browser) == ("/site/entity/lev-shuster.html", "")
    assert browser.evaluate("document.querySelector('h1').textContent") == "Lev Shuster"


COLOURS = """(() => {
  const pairs = [];
  for (const t of document.querySelectorAll('section.picture text')) {
    const rect = t.parentElement.querySelector(':scope > rect');
    const self = t.closest('.self');
    const back = rect ? getComputedStyle(rect).fill
      : self ? getComputedStyle(self.querySelector('rect')).fill
      : getComputedStyle(document.body).backgroundColor;
    pairs.push([t.textContent, getComputedStyle(t).fill, back]);
  }
  for (const r of document.querySelectorAll('section.picture .mark rect'))
    pairs.push(['a date mark', getComputedStyle(r).fill,
      getComputedStyle(document.body).backgroundColor]);
  return pairs;
})()"""


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two CSS `rgb(r, g, b)` colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_pictures_colours_meet_contrast(browser: Browser, base: str) -> None:
    """Text 4.5:1 against what it is drawn on (its box, or the page); a date mark, a graphic
    that carries meaning, 3:1 against the page."""
    browser.navigate(f"{base}/site/entity/soviet-volunteer-group.html")
    pairs = browser.evaluate(COLOURS)
    assert len(pairs) > 50
    low = [
        (text, fore, back, round(contrast(fore, back), 2))
        for text, fore, back in pairs
        if contrast(fore, back) < (3 if text == "a date mark" else 4.5)
    ]
    assert not low, low


def test_the_picture_is_reached_and_followed_by_keyboard(browser: Browser, base: str) -> None:
    browser.navigate(f"{base}/site/entity/soviet-volunteer-group.html")
    browser.evaluate("document.getElementById('main').focus()")
    for _ in range(10):
        browser.press("Tab", "Tab", 9)
        inside = browser.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle("
            "e.querySelector('rect') || e);"
            " return e.closest('svg.neighbourhood') ? [e.getAttribute('href'),"
            " s.strokeWidth] : null; })()"
        )
        if inside:
            break
    assert inside, "no link of the picture took the focus"
    href, stroke = inside
    assert href.startswith("../entity/") and stroke == "3px"  # focus is visible
    start = len(browser.events)
    browser.press("Enter", "Enter", 13)
    browser.wait_for(lambda e: e.get("method") == "Page.loadEventFired", since=start)
    assert location(browser)[0] == "/site/entity/" + href.removeprefix("../entity/")


@pytest.mark.parametrize(
    "path",
    [
        "/site/timeline.html",
        "/site/entity/soviet-volunteer-group.html",
        "/site/source/001_fac9f245705e1fde.html",
        "/site/conflicts.html",
        "/site/index.html",
        "/site/entities.html",
        "/site/dataset.html",
        "/site/search.html?q=air",
    ],
)
def test_axe_finds_no_serious_violation(browser: Browser, base: str, path: str) -> None:
    if not AXE.is_file():
        missing("axe-core", "npm ci --prefix tests/a11y")
    browser.navigate(base + path)
    browser.evaluate(AXE.read_text(encoding="utf-8"))
    violations = browser.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,"
        " first: v.nodes[0].html.slice(0, 120)})))",
        await_promise=True,
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    assert isinstance(Path(path), Path)


def test_the_sparql_server_behind_the_front_is_on_a_port_browsers_refuse() -> None:
    """Oxigraph checks no Host and runs SERVICE: `serve` puts it on a port from
    BROWSER_BLOCKED_PORTS (test_api_stores checks that), and Chromium itself refuses
    every one of them to a page of another site (net::ERR_UNSAFE_PORT), while a port off
    the list is tried (connection refused)."""
    executable = chromium_executable()
    if executable is None:
        missing("chromium", "apt-get install chromium")
    assert executable is not None
    browser = Browser(executable)
    try:
        browser.navigate("data:text/html,<p>a page of another site</p>")

        def error_of(port: int) -> str:
            start = len(browser.events)
            outcome = browser.evaluate(
                f"fetch('http://127.0.0.1:{port}/query?query=ASK%7B%7D', {{mode: 'no-cors'}})"
                ".then(() => 'answered', () => 'failed')",
                await_promise=True,
            )
            assert outcome == "failed", port

            def failed(event: dict[str, Any]) -> bool:
                return event.get("method") == "Network.loadingFailed"

            browser.wait_for(failed, since=start)
            (event,) = [e for e in browser.events[start:] if failed(e)]
            return str(event["params"]["errorText"])

        assert {port: error_of(port) for port in BROWSER_BLOCKED_PORTS} == {
            port: "net::ERR_UNSAFE_PORT" for port in BROWSER_BLOCKED_PORTS
        }
        assert error_of(free_port()) == "net::ERR_CONNECTION_REFUSED"
    finally:
        browser.close()
