"""`python -m svg_rdf` runs the command-line interface."""

from svg_rdf.cli import main

main()
