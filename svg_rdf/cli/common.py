"""CLI helpers shared by the commands: the command class with the one exit path (`leave`:
an error -> its lines on stderr and its exit code), Ctrl-C, the --project option."""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # as svg_rdf/__init__.py: `signal` costs ~2 ms
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TextIO

import click

from svg_rdf.cli.startup import Context, PathType

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR, EXIT_ENDPOINT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@contextmanager
def progress_bar(
    total: int, label: str, stream: TextIO | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """A click progress bar (with its ETA) on `stream` (default stderr) told (done, total),
    or nothing when the stream is no terminal."""
    stream = sys.stderr if stream is None else stream
    if not stream.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=stream) as bar:
        shown = [0]

        def update(done: int, _total: int) -> None:
            if done < shown[0]:  # a retry starts over
                bar.pos = 0
                shown[0] = 0
            bar.update(done - shown[0])
            shown[0] = done

        yield update


class _Guard:
    """How many command bodies are running: only inside one does Ctrl-C raise
    KeyboardInterrupt (for the command's clean-up); anywhere else the process leaves
    at once with one line (`on_interrupt`)."""

    depth = 0

    def __enter__(self) -> None:
        _Guard.depth += 1

    def __exit__(self, *_: object) -> None:
        _Guard.depth -= 1


def interrupted_message(exc: BaseException) -> str:
    """What an interrupt left behind, as far as the command knows."""
    published = getattr(exc, "published", None)
    if published is True:
        return "interrupted after output/ was replaced; it holds the new build"
    if published is False:
        return "interrupted; output/ was left as it was"
    return "interrupted"


class Command(click.Command):
    """Every svg-rdf command: click's, with the one exit path.

    The body runs under the guard (there Ctrl-C raises KeyboardInterrupt, for the command's
    clean-up) and returns None (exit 0) or an exit code (`check`'s findings, `serve`'s
    stop signal); it never exits itself: whatever it raises goes to `leave`, which prints
    it and gives the exit code. Click's own usage errors (exit 2) come before the body,
    as click shows them.
    """

    context_class = Context

    def invoke(self, ctx: click.Context) -> None:
        try:
            with _Guard():
                code = super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except BaseException as exc:
            code = leave(exc)
        if code:
            raise click.exceptions.Exit(code)


class Group(click.Group):
    """A group of svg-rdf commands (the program, `reconcile`): its commands are `Command`s."""

    context_class = Context
    command_class = Command


def leave(error: BaseException) -> int:
    """The one exit path of the commands: `error` on stderr, one line each, and its exit
    code: 1 for a graph at fault (ViolationError; OutputMismatchError after the files that
    differ), 3 for an endpoint (EndpointError), 2 for any other SvgRdfError (CurationErrors
    one line per error) and for click's usage errors (shown as click shows them), 130 for
    Ctrl-C. Anything else is a bug: raised again, with its traceback."""
    from svg_rdf.errors import EndpointError, OutputMismatchError, SvgRdfError, ViolationError

    if isinstance(error, click.ClickException):
        error.show()
        return error.exit_code
    if isinstance(error, SvgRdfError):
        lines = list(error.problems) if isinstance(error, OutputMismatchError) else []
        for line in [*lines, *error.lines()]:
            click.echo(" ".join(line.split("\n")), err=True)
        if isinstance(error, ViolationError | OutputMismatchError):
            return EXIT_VIOLATIONS  # the data is at fault, not the command
        return EXIT_ENDPOINT if isinstance(error, EndpointError) else EXIT_ERROR
    # CPython wraps an exception raised in some frames: Ctrl-C in a descriptor's
    # __set_name__ while a module a command imports creates a class is a RuntimeError on
    # Python 3.11, caused by the KeyboardInterrupt
    interrupt = _interrupt_behind(error)
    if interrupt is None:
        raise error
    click.echo(interrupted_message(interrupt), err=True)
    return EXIT_INTERRUPTED


def _interrupt_behind(exc: BaseException) -> KeyboardInterrupt | None:
    """The KeyboardInterrupt among the causes and contexts of `exc`, or None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def on_unraisable(unraisable: Any) -> None:
    """sys.unraisablehook of the `svg-rdf` program. A KeyboardInterrupt raised where
    CPython cannot propagate it (any weakref callback, finalizer or `__del__`, not only
    those `_unraisable` recognises) would be printed with a traceback and lost: it is sent
    again in 10 ms, when that frame has returned. Anything else is reported as CPython
    does."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        again = threading.Timer(0.01, os.kill, (os.getpid(), _signal.SIGINT))
        again.daemon = True
        again.start()
        return
    sys.__unraisablehook__(unraisable)


def _unraisable(frame: FrameType | None) -> bool:
    """True in a frame whose exception CPython prints as "Exception ignored in" with a
    traceback and then goes on: a `__del__`, or importlib's module-lock weakref callback,
    which runs whenever an import finishes."""
    if frame is None:
        return False
    code = frame.f_code
    return code.co_name == "__del__" or (
        code.co_name == "cb" and code.co_filename.startswith("<frozen importlib")
    )


def on_interrupt(signum: int, frame: FrameType | None) -> None:
    """The SIGINT handler of the `svg-rdf` program (see svg_rdf.cli.run)."""
    if _Guard.depth:
        if _unraisable(frame):
            # Raised here, the interrupt would be printed with a traceback and lost: send
            # it again in 10 ms, when that frame (microseconds long) has returned.
            again = threading.Timer(0.01, os.kill, (os.getpid(), signum))
            again.daemon = True
            again.start()
            return
        raise KeyboardInterrupt
    os.write(2, b"interrupted\n")  # outside a command nothing needs cleaning up
    os._exit(EXIT_INTERRUPTED)


project_option = click.option(
    "--project",
    "project_dir",
    type=PathType(file_okay=False),
    default=".",
    show_default=True,
    help="The project folder (it holds seeds/, ontology/, shapes/ and output/).",
)

base_iri_option = click.option(
    "--base-iri",
    default=None,
    help="Base IRI of our resources (default: base_iri in seeds/dataset.toml).",
)
