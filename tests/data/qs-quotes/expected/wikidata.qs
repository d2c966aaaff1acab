CREATE
LAST	Len	"Test Squadron" /* svg-rdf: new item; Wikidata was searched on 2026-11-30 and had none */
LAST	Den	"invented air unit of the svg-rdf tests" /* svg-rdf: new item; Wikidata was searched on 2026-11-30 and had none */
LAST	P31	Q176799	S143	Q328	S1683	en:"The Test Squadron was a military unit" /* svg-rdf: quote verified in Alpha (invented test text) */
LAST	P17	Q13426199	S143	Q328 /* svg-rdf: quote verified in Alpha (invented test text) */
LAST	P2124	1450	P585	+1937-00-00T00:00:00Z/9	S143	Q328	S1683	en:"…finally numbered some 1,450 airmen and technicians of…" /* svg-rdf: quote verified in Alpha (invented test text) */
LAST	P571	+1937-00-00T00:00:00Z/9	S143	Q328	S1683	en:"It was formed in 1937 at a field near the river." /* svg-rdf: quote verified in Alpha (invented test text) */
