"""The `svg-rdf` command and `python -m svg_rdf`: Ctrl-C is one line and exit 130 throughout.

Installing the SIGINT handler is this module's first action, so an interrupt while
the command's libraries are still being imported (rdflib, pyshacl, click: the first
~100 ms) ends the process quietly instead of with a KeyboardInterrupt traceback. This is
the program's entry module, the one place where importing may change process state.
Once the command runs, SIGINT raises KeyboardInterrupt again, so the writer can clean
up and the command report where it stopped (svg_rdf.cli.common.handle_errors).
"""

# The C module: `signal` would first import enum, some 10 ms.
import _signal  # type: ignore[import-not-found]
import os  # os and sys are loaded by the interpreter already: no time passes here
import sys

EXIT_INTERRUPTED = 130


def _interrupted(_number: int, _frame: object) -> None:
    """Leave at once: one line, exit 130 (nothing is written before the command runs)."""
    os.write(2, b"interrupted\n")
    os._exit(EXIT_INTERRUPTED)


if _signal.getsignal(_signal.SIGINT) is not _signal.SIG_IGN:  # a background job ignores it
    _signal.signal(_signal.SIGINT, _interrupted)  # before any library is imported


def main() -> None:
    """Run the command line; every Ctrl-C is one line on stderr and exit code 130."""
    from svg_rdf.cli import run

    code = run()
    if code == EXIT_INTERRUPTED:
        # Everything was unwound and cleaned up already. Leave without CPython's shutdown:
        # it kills itself with SIGINT instead of exiting 130 when the interrupt was raised
        # inside code a compiled library ran through PyRun_* (seen with `python -m`).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
