"""The query page in a real browser: headless Chromium against `svg-rdf serve`.

An example query runs and its rows appear, our IRIs in them lead to their pages; a syntax
error, a SERVICE query and a query past the time limit are told in the live region;
axe-core finds no serious violation; opened as files, the page says that queries need
`svg-rdf serve`. No console error (but the failed requests a test makes on purpose) and no
request leaves 127.0.0.1. Screenshots are left in test-artifacts/site/query*.png.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from svg_rdf.export.writer import publish_set
from tests.cdp import Browser, chromium_executable
from tests.needs import missing
from tests.site_support import artifacts, built, serving_site
from tests.test_site_browser import AXE, follow, location, troubles, until

PAGE = "/site/query.html"


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
    finally:
        started.close()


def expected_only(browser: Browser, base: str, statuses: set[int]) -> None:
    """No trouble but Chromium's log line for a /query answer with one of `statuses`."""
    problems = [
        problem
        for problem in troubles(browser, base)
        if not any(
            problem.startswith("log: Failed to load resource")
            and f"status of {status}" in problem
            and problem.endswith(f"{base}/query")
            for status in statuses
        )
    ]
    assert not problems, problems


def run(browser: Browser, query: str | None = None, example: str | None = None) -> None:
    if example is not None:
        browser.evaluate(
            "(() => { const s = document.getElementById('query-example');"
            f" s.value = {json.dumps(example)};"
            " s.dispatchEvent(new Event('change')); })()"
        )
    if query is not None:
        browser.evaluate(f"document.getElementById('query-text').value = {json.dumps(query)}")
    browser.click("#query-run")


def error_text(browser: Browser) -> str:
    return str(
        until(
            lambda: browser.evaluate("document.getElementById('query-error').textContent"),
            "an error in the live region",
        )
    )


def test_an_example_query_shows_rows_and_our_iris_lead_to_their_pages(
    browser: Browser, base: str
) -> None:
    browser.navigate(base + PAGE)
    run(browser, example="members")
    assert "VALUES ?label" in browser.evaluate("document.getElementById('query-text').value")
    rows = until(
        lambda: browser.evaluate("document.querySelectorAll('table.results tbody tr').length"),
        "result rows",
    )
    assert rows > 5
    headers = browser.evaluate(
        "[...document.querySelectorAll('table.results th')].map(th => th.textContent)"
    )
    assert headers == ["?label", "?person", "?role", "?quote", "?source"]
    status = browser.evaluate("document.getElementById('query-status').textContent")
    assert status == f"{rows} rows."
    assert browser.evaluate("document.getElementById('query-error').textContent") == ""
    browser.screenshot(artifacts() / "query.png")
    # an IRI of ours: a link to the front's address for it, which answers 303 to the page
    run(
        browser,
        query="PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?unit ?name WHERE { ?unit rdfs:label ?name . FILTER(STR(?name) = "Lev Shuster") }',
    )
    until(lambda: browser.evaluate("!!document.querySelector('table.results a')"), "a link")
    href, text = browser.evaluate(
        "(() => { const a = document.querySelector('table.results a');"
        " return [a.getAttribute('href'), a.textContent]; })()"
    )
    assert href == "../entity/lev-shuster" and text == "https://w3id.org/svg-rdf/entity/lev-shuster"
    literal = browser.evaluate("document.querySelector('table.results td + td').textContent")
    assert literal == "Lev Shuster @en"
    follow(browser, "table.results a")
    assert location(browser) == ("/site/entity/lev-shuster.html", "")
    # a statement IRI: to the statement's place on its entity's page
    browser.navigate(base + PAGE)
    run(
        browser,
        query="PREFIX wikibase: <http://wikiba.se/ontology#>\n"
        "SELECT ?statement WHERE { <https://w3id.org/svg-rdf/entity/lev-shuster> ?p ?statement ."
        " ?statement a wikibase:Statement } ORDER BY ?statement LIMIT 1",
    )
    until(lambda: browser.evaluate("!!document.querySelector('table.results a')"), "a link")
    digest = browser.evaluate("document.querySelector('table.results a').textContent").rsplit(
        "/", 1
    )[1]
    follow(browser, "table.results a")
    assert location(browser) == ("/site/entity/lev-shuster.html", f"#s-{digest}")
    expected_only(browser, base, set())


def test_a_bad_query_shows_the_endpoints_error(browser: Browser, base: str) -> None:
    browser.navigate(base + PAGE)
    run(browser, query="SELECT ?x WHERE { ?x ")
    message = error_text(browser)
    assert message.startswith("The query has an error: ")
    assert browser.evaluate("document.getElementById('query-error').getAttribute('role')") == (
        "alert"
    )
    assert browser.evaluate("document.querySelectorAll('table.results').length") == 0
    assert browser.evaluate("document.getElementById('query-run').disabled") is False
    expected_only(browser, base, {400})


def test_service_shows_the_refusal(browser: Browser, base: str) -> None:
    browser.navigate(base + PAGE)
    run(browser, query="SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    message = error_text(browser)
    assert message.startswith("Refused: SERVICE (a federated query) is refused")
    run(browser, query="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    # Oxigraph's /query refuses an update as a query (a syntax error) before any change
    until(
        lambda: (
            browser.evaluate("document.getElementById('query-error').textContent")
            and "error" in browser.evaluate("document.getElementById('query-error').textContent")
        ),
        "the update refused",
    )
    expected_only(browser, base, {400, 403})


def test_a_query_past_the_time_limit_says_so() -> None:
    """Oxigraph answers 200 and streams, and at its time limit stops mid-answer; or it sends
    no header in time and the front answers 502."""
    executable = chromium_executable()
    if executable is None:
        missing("chromium", "apt-get install chromium")
    assert executable is not None
    with serving_site("--query-timeout", "1") as base:
        browser = Browser(executable)
        try:
            browser.navigate(base + PAGE)
            run(browser, query="SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
            message = str(
                until(
                    lambda: browser.evaluate("document.getElementById('query-error').textContent"),
                    "the time limit in the live region",
                    timeout=60,
                )
            )
            # the front gives up first (502) when Oxigraph sends no header in time
            assert message.startswith(
                (
                    "The answer was cut off: the query took longer",
                    "The endpoint is busy or the query took too long (HTTP 502)",
                )
            ), message
            assert browser.evaluate("document.querySelectorAll('table.results').length") == 0
            expected_only(browser, base, {502})
        finally:
            browser.close()


def test_axe_finds_no_serious_violation_with_results(browser: Browser, base: str) -> None:
    if not AXE.is_file():
        missing("axe-core", "npm ci --prefix tests/a11y")
    browser.navigate(base + PAGE)
    run(browser, example="timeline")
    until(lambda: browser.evaluate("!!document.querySelector('table.results')"), "a table")
    browser.evaluate(AXE.read_text(encoding="utf-8"))
    violations = browser.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,"
        " first: v.nodes[0].html.slice(0, 120)})))",
        await_promise=True,
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    expected_only(browser, base, set())


def test_readable_on_a_phone(browser: Browser, base: str) -> None:
    browser.page(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )
    browser.navigate(base + PAGE)
    run(browser, example="members")
    until(lambda: browser.evaluate("!!document.querySelector('table.results')"), "a table")
    width = browser.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the query page scrolls sideways on a phone ({width} px)"
    browser.screenshot(artifacts() / "query-phone.png")
    expected_only(browser, base, set())


def test_opened_as_files_it_says_queries_need_serve(tmp_path: Path) -> None:
    executable = chromium_executable()
    if executable is None:
        missing("chromium", "apt-get install chromium")
    assert executable is not None
    publish_set(tmp_path / "output", built().files)
    browser = Browser(executable)
    try:
        browser.navigate((tmp_path / "output" / "site" / "query.html").as_uri())
        message = error_text(browser)
        assert message.startswith("Queries need svg-rdf serve")
        run(browser)
        assert error_text(browser).startswith("Queries need svg-rdf serve")
        found = [
            event
            for event in browser.events
            if event.get("method") == "Network.requestWillBeSent"
            and not event["params"]["request"]["url"].startswith("file://")
        ]
        assert not found
    finally:
        browser.close()
