"""CLI helpers shared by the commands: exit codes, one-line errors, the --project option."""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # as svg_rdf/__init__.py: `signal` costs ~2 ms
import os
import sys
import threading
from collections.abc import Callable
from functools import wraps
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from svg_rdf.cli.startup import PathType

if TYPE_CHECKING:
    from svg_rdf.errors import SvgRdfError
    from svg_rdf.validation.shacl import Report

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR, EXIT_ENDPOINT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one line on stderr and exit with `code`."""
    click.echo(" ".join(message.split("\n")), err=True)
    sys.exit(code)


def violated(report: Report, refusal: str, fix: str | None = None) -> NoReturn:
    """The one message and exit code (1) of every command that refuses a graph violating
    the shapes: svg_rdf.errors.ViolationError's, as load and serve give it."""
    from svg_rdf.errors import ViolationError

    error = ViolationError(report, refusal) if fix is None else ViolationError(report, refusal, fix)
    fail(str(error), EXIT_VIOLATIONS)


def fail_each(error: SvgRdfError, code: int = EXIT_ERROR) -> NoReturn:
    """Print each error `error` carries on its own line (with CurationErrors' "… and N
    more" after the limit) and exit with `code`."""
    for line in error.lines():
        click.echo(" ".join(line.split("\n")), err=True)
    sys.exit(code)


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


def handle_errors(command: F) -> F:
    """Turn every expected SvgRdfError into one line on stderr and its exit code (1 for a
    graph that violates the shapes, 3 for an endpoint, else 2), and Ctrl-C into one line
    and exit code 130."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from svg_rdf.errors import EndpointError, SvgRdfError, ViolationError

        try:
            with _Guard():
                return command(*args, **kwargs)
        except ViolationError as exc:  # the data is at fault, not the command
            fail(str(exc), EXIT_VIOLATIONS)
        except EndpointError as exc:
            fail(str(exc), EXIT_ENDPOINT)
        except SvgRdfError as exc:
            fail_each(exc, EXIT_ERROR)
        except KeyboardInterrupt as exc:
            fail(interrupted_message(exc), EXIT_INTERRUPTED)
        except Exception as exc:
            # CPython wraps an exception raised in some frames: Ctrl-C in a descriptor's
            # __set_name__ while a module a command imports creates a class is a
            # RuntimeError on Python 3.11, caused by the KeyboardInterrupt
            interrupt = _interrupt_behind(exc)
            if interrupt is None:
                raise
            fail(interrupted_message(interrupt), EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


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
