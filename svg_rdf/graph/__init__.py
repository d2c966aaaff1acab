"""Graph: Curation -> the Wikibase-model graph (mapping, content-hash ids, vocabulary)."""
