"""Curation: seeds/ (sources, entities, facts, infobox, values, evidence) -> Curation."""
