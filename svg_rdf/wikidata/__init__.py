"""Wikidata: the QuickStatements plan and syntax, the pending lists, the diff against Wikidata."""
