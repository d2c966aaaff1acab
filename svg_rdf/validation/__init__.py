"""Validation: shapes (static, generated), SHACL engine, SPARQL constraints, check -> Report."""
