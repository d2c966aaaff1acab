CREATE
LAST	Len	"Test Squadron" /* svg-rdf: new item; Wikidata was searched on 2026-11-30 and had none */
LAST	Den	"invented air unit of the svg-rdf tests" /* svg-rdf: new item; Wikidata was searched on 2026-11-30 and had none */
LAST	P31	Q176799	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"The Test Squadron was a military unit."	S1683	en:"an air unit known as "the Falcons""	!S248	Q13550863	S854	"https://example.org/beta"	S1683	en:"The Test Squadron, a military unit" /* svg-rdf: quote verified in Alpha (invented test text); Beta (invented test text on the web) */
LAST	P576	+1941-00-00T00:00:00Z/9	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"It was disbanded in 1941." /* svg-rdf: quote verified in Alpha (invented test text) */
LAST	P740	Q35493	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"The airmen assembled at Alma Ata in October 1937." /* svg-rdf: quote verified in Alpha (invented test text) */
LAST	P740	Q649	S248	Q13550863	S854	"https://example.org/beta"	S1683	en:"The airmen assembled in Moscow." /* svg-rdf: quote verified in Beta (invented test text on the web) */
Q35493	P17	Q15180	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"Alma Ata lay in the Soviet Union." /* svg-rdf: quote verified in Alpha (invented test text) */
Q35493	P17	Q15180	S248	Q13550863	S854	"https://example.org/beta"	S1683	en:"Alma Ata was a city of the Soviet Union." /* svg-rdf: quote verified in Beta (invented test text on the web) */
