"""Endpoint: the built graph in SPARQL stores (load over the Graph Store Protocol, serve, query).

servers.py knows each server kind's addresses, credentials.py finds the user's credentials,
transport.py speaks HTTP with timeouts, gsp.py replaces a named graph and asks the query
service, verify.py checks a loaded graph by count and batched read-back, load.py does both,
process.py runs a server program as our child process (oxigraph.py and virtuoso.py say what
differs for Oxigraph and Virtuoso), lifecycle.py gives back what `serve` owns, query.py runs
SPARQL over an embedded store.
"""
