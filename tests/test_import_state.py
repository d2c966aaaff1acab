"""Importing svg-rdf changes no global state: rdflib's literal normalisation stays as it was."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import importlib, pkgutil, rdflib, svg_rdf
for module in pkgutil.walk_packages(svg_rdf.__path__, "svg_rdf."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
        if rdflib.NORMALIZE_LITERALS is not True:
            print(module.name, "sets rdflib.NORMALIZE_LITERALS")
            break
else:
    print("unchanged")
"""


def test_importing_every_module_leaves_rdflib_normalisation_as_it_was() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "unchanged\n", "")
