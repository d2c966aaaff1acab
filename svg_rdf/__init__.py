"""svg-rdf: encyclopedia texts -> Wikibase-model RDF with verified provenance."""

from svg_rdf.version import __version__

__all__ = ["__version__"]
