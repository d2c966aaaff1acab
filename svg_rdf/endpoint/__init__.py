"""Endpoint: the built graph in SPARQL stores (load over the Graph Store Protocol, serve, query).

servers.py knows each server kind's addresses, credentials.py finds the user's credentials,
transport.py speaks HTTP with timeouts, gsp.py replaces a named graph and asks the query
service, verify.py checks a loaded graph by count and batched read-back, load.py does both,
oxigraph.py runs the Oxigraph server, query.py runs SPARQL over an embedded store.
"""
