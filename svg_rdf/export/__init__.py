"""Exports: one module per format, each turning a graph into deterministic bytes."""
