"""The `svg-rdf` command and `python -m svg_rdf`: Ctrl-C is one line and exit 130 throughout.

The package's __init__ installs the quiet SIGINT handler as its first action when this
process is the program, and this module's first action installs it in any case, so an
interrupt while the command's libraries are still being imported (rdflib, pyshacl, click:
the first ~100 ms) ends the process quietly instead of with a KeyboardInterrupt traceback.
This is the program's entry module, the one place where importing may change process state.
Once the command runs, SIGINT raises KeyboardInterrupt again, so the writer can clean
up and the command report where it stopped (svg_rdf.cli.common.leave).
"""

# The package's first statements made Ctrl-C quiet when this process is `svg-rdf` or
# `python -m svg_rdf`; this covers any other way of running this module.
import os
import sys

from svg_rdf import _EXIT_INTERRUPTED as EXIT_INTERRUPTED
from svg_rdf import _quiet_interrupts

_quiet_interrupts()


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
