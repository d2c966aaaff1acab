"""The version of svg-rdf, in one place (the package, the CLI and the graph read it)."""

__version__ = "0.1.0"
