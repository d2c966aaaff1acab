"""svg-rdf: encyclopedia texts -> Wikibase-model RDF with verified provenance."""

__version__ = "0.1.0"
