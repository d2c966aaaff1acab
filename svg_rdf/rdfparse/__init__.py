"""Parsing gate: every RDF input goes through pyoxigraph, strictly, before rdflib sees it.

rdflib's parsers accept many invalid documents, so `svg-rdf check` and every loader parse with
`parse_file` / `parse_bytes`, which return a `ParsedRdf` (pyoxigraph quads) or raise
`ParseError` whose str() is one line `path:line:col: error: what; how to fix it`.

The steps, one module each: `formats` (which syntax), `encoding` (UTF-8 only), `scan` (cheap
pre-scans: nesting depth, JSON-LD contexts, RDF 1.2 syntax), `gate` (pyoxigraph and its error
translation), `convert` (quads -> rdflib, lexical forms kept).

Encoding policy
---------------
* The input must be UTF-8. A UTF-8 byte-order mark (EF BB BF) is accepted and ignored; line
  1's columns are counted after it, as editors show them.
* CRLF, LF and lone CR line endings are all accepted and count as one line end each.
* Invalid UTF-8 anywhere, comments included, is refused at the first bad byte:
  `path:line:col: error: invalid UTF-8 (byte 0xFF); ...`.
* UTF-16 and UTF-32 (a byte-order mark, or a NUL among the first two bytes) are refused at 1:1
  with a message that names the encoding and says to re-encode the file as UTF-8.

Nesting policy
--------------
Nesting deeper than `MAX_DEPTH` (128) is refused before pyoxigraph runs, in every format:
JSON `[`/`{`, Turtle/TriG `[`, `(` and `{`. pyoxigraph's JSON-LD parser recurses on the
native stack (about 2.5 KiB a level) and kills the process with SIGSEGV past about 4,000
levels on an 8 MiB stack, 400 on a 1 MiB thread stack; rdflib's Turtle serializer hits
RecursionError past about 250 nested blank nodes. The pre-scan is one regular-expression pass,
not recursive, and skips brackets inside strings, IRIs and comments.

Isolation policy
----------------
Nothing is fetched and no file other than the input is read. JSON-LD `@context` and `@import`
values naming a document (any string, relative ones included) are refused with the URL in the
message; contexts must be inline objects. `owl:imports` is just a triple. RDF/XML is refused.

RDF 1.1 only
------------
pyoxigraph 0.5 also reads RDF 1.2 (triple terms `<<( )>>`, reifiers `<< >>` / `~` / `{| |}`,
`"x"@en--ltr`). rdflib cannot hold these, so the gate refuses them with a position; a JSON-LD
`@direction` is dropped, as JSON-LD 1.1 toRdf does by default.

Blank nodes
-----------
pyoxigraph gives anonymous blank nodes random ids. `ParsedRdf.quads` keeps pyoxigraph's
labels (renaming them costs a Python step per quad); `ParsedRdf.to_rdflib` renames every
blank node b0, b1, ... in order of first appearance, so the same bytes always give the same
rdflib Dataset. Labels from the document (`_:alice`) are not kept there, as with rdflib's own
parsers.
"""

from svg_rdf.rdfparse.formats import FORMATS, detect_format
from svg_rdf.rdfparse.gate import ParsedRdf, parse_bytes, parse_file
from svg_rdf.rdfparse.scan import MAX_DEPTH

__all__ = ["FORMATS", "MAX_DEPTH", "ParsedRdf", "detect_format", "parse_bytes", "parse_file"]
