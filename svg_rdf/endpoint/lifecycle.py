"""Lifecycle: what a long-running command (`svg-rdf serve`) owns, and how it gives it back.

Three guarantees, whatever signal ends the command:
- SIGINT and SIGTERM raise KeyboardInterrupt from the first moment the command owns
  anything (also where the shell started it with SIGINT ignored, as for a background job),
  so `with` blocks stop servers and remove temporary folders;
- a child server is started with a parent-death signal (Linux `PR_SET_PDEATHSIG`): if the
  command is killed outright (SIGKILL), the kernel sends the child SIGTERM, so no server
  is left serving;
- temporary folders are named `svg-rdf-serve-<pid>-...`; one whose process is gone (a
  SIGKILL leaves its folder behind) is removed by the next command that makes one.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PREFIX = "svg-rdf-serve-"
_PR_SET_PDEATHSIG = 1


class Stopped(KeyboardInterrupt):
    """A stop signal, raised as KeyboardInterrupt so every clean-up runs; `code` is the
    shell's exit code for it (128 + the signal: 130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, number: int) -> None:
        super().__init__(signal.Signals(number).name)
        self.code = 128 + number


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP raise Stopped (a KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, _frame: FrameType | None) -> None:
        raise Stopped(number)

    previous = {number: signal.signal(number, interrupt) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` making the child receive SIGTERM when this process dies (Linux only).

    None elsewhere; there a killed command can leave its server running.
    """
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(folder: Path | None = None) -> list[Path]:
    """Remove the temporary folders of commands that are gone; returns what was removed."""
    removed = []
    for path in Path(folder or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        owner = path.name[len(PREFIX) :].split("-", 1)[0]
        if not owner.isdigit() or _alive(int(owner)) or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


@contextlib.contextmanager
def temporary_folder(folder: Path | None = None) -> Iterator[Path]:
    """A new temporary folder named after this process, removed on leaving the block.

    Stale folders of earlier commands that were killed are removed first.
    """
    remove_stale(folder)
    path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=folder))
    try:
        yield path
    finally:
        # A child killed a moment ago may still be closing files in it: retry briefly.
        for _ in range(100):
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                break
            time.sleep(0.05)
