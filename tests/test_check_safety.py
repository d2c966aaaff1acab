"""`svg-rdf check` as a user meets it: hostile, invalid and odd inputs end cleanly.

Every W3C negative-syntax file, arbitrary bytes and deeply nested documents give exit 2 (or
0/1 when they happen to be valid) with at most one line on stderr and never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svg_rdf.cli import cli
from tests.conftest import REPO
from tests.needs import shared
from tests.test_w3c_conformance import RDF11, RDF_CASES

EXTENSIONS = {"turtle": ".ttl", "trig": ".trig", "ntriples": ".nt", "nquads": ".nq"}
NEGATIVE = [c for c in RDF_CASES if c.values[0] is None or "Negative" in c.values[1]]


def check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", "--project", str(REPO), *args])


def assert_clean(result: Result) -> None:
    assert result.exit_code in (0, 1, 2), result.exception
    assert "Traceback" not in result.stderr + result.stdout
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1, result.stderr


def test_there_are_negative_syntax_files() -> None:
    shared("w3c-tests", "rdf", "rdf11")
    assert len(NEGATIVE) > 250


@pytest.mark.parametrize(("suite", "kind", "fmt", "action", "result_fmt", "expected"), NEGATIVE)
def test_w3c_negative_syntax_is_exit_2_one_line(
    suite: str, kind: str, fmt: str, action: str, result_fmt: str, expected: str | None
) -> None:
    if suite is None:
        shared("w3c-tests", "rdf", "rdf11")
    path = RDF11 / suite / action
    result = check("--input-format", fmt, "--sources", str(path.parent), str(path))
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(f"{path}:")
    assert_clean(result)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.binary(max_size=200), suffix=st.sampled_from(sorted({*EXTENSIONS.values(), ".jsonld"}))
)
def test_arbitrary_bytes_end_cleanly(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    assert_clean(check("--sources", str(tmp_path), str(path)))


VALID = (
    "@prefix wd: <http://www.wikidata.org/entity/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'wd:Q1 a <http://wikiba.se/ontology#Item> ; rdfs:label "One"@en .\n'
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    position=st.integers(0, len(VALID)),
    junk=st.sampled_from(
        ['"', "<", ">", ".", ";", "[", "]", "(", ")", "@", "\\", "\x00", "\u00e9", ""]
    ),
    cut=st.booleans(),
)
def test_near_valid_turtle_ends_cleanly(
    tmp_path: Path, position: int, junk: str, cut: bool
) -> None:
    text = VALID[:position] + junk + ("" if cut else VALID[position:])
    path = tmp_path / "near.ttl"
    path.write_text(text, encoding="utf-8")
    assert_clean(check("--sources", str(tmp_path), str(path)))


@pytest.mark.parametrize(
    ("suffix", "opening", "closing"),
    [
        (".jsonld", "[", "]"),
        (".jsonld", '{"a":', "}"),
        (".ttl", "<http://x/s> <http://x/p> " + "[ <http://x/p> ", "] " + "."),
        (".ttl", "<http://x/s> <http://x/p> (", ") ."),
    ],
)
@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deep_nesting_is_a_clean_error_and_the_process_survives(
    tmp_path: Path, suffix: str, opening: str, closing: str, depth: int
) -> None:
    if suffix == ".ttl" and opening.startswith("<"):
        body = opening + "[ <http://x/p> " * depth + "1 " + "] " * depth + "."
    elif suffix == ".ttl":
        body = opening + "(" * depth + ")" * depth + closing
    else:
        body = opening * depth + "1" + closing * depth
    path = tmp_path / f"deep{suffix}"
    path.write_text(body, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "svg_rdf", "check", "--project", str(REPO), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])
    assert done.stderr.count("\n") == 1
    assert "nest" in done.stderr.lower()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bom.ttl", "\ufeff" + VALID, None),
        ("crlf.ttl", VALID.replace("\n", "\r\n"), None),
        ("latin1.ttl", VALID.replace("One", "Ond\xe9").encode("latin-1"), "invalid UTF-8"),
        ("utf16.ttl", VALID.encode("utf-16"), "UTF-16"),
    ],
)
def test_encoding_policy(tmp_path: Path, name: str, data: str | bytes, words: str | None) -> None:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    result = check("--sources", str(tmp_path), str(path))
    if words is None:
        assert result.exit_code == 0, result.stdout + result.stderr
    else:
        assert result.exit_code == 2
        assert words in result.stderr
        assert result.stderr.startswith(f"{path}:")
    assert_clean(result)
