"""What a test needs from outside the repository, and the one rule for when it is missing.

A test that needs a system program (PHP, Virtuoso, Chromium, strace, nginx, ...) or the
shared folder beside the clone (`../shared`: the W3C suites, the QuickStatements parser)
skips, naming what is missing and how to get it, except under CI=true: there `.ci/run`
installs everything, so a missing piece fails the test and CI can never pass by skipping.
The check runs in the test, never while the tests are collected, so a clone without
`../shared` still runs every other test.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
"""The shared folder beside the repository (../shared)."""


def missing(what: str, how: str = ".ci/run installs it") -> NoReturn:
    """Skip the running test because `what` is missing (`how`: how to get it), or fail it
    under CI=true."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing in CI; {how}")
    pytest.skip(f"{what} is missing ({how})")


def shared(*parts: str) -> Path:
    """A path inside ../shared; the running test is skipped (failed under CI=true) when it
    is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(
            f"../shared/{'/'.join(parts)}",
            "clone the repository with the project's shared folder beside it as ../shared",
        )
    return path
