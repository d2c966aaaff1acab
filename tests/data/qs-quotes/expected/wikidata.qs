CREATE
LAST	Len	"Test Squadron" /* seeds/entities/all.toml:1 */
LAST	Den	"invented air unit of the svg-rdf tests" /* seeds/entities/all.toml:1 */
LAST	P2124	1450	S143	Q328	S1683	en:"…finally numbered some 1,450 airmen and technicians of…" /* seeds/facts/squadron.toml:10 */
LAST	P571	+1937-00-00T00:00:00Z/9	S143	Q328	S1683	en:"It was formed in 1937 at a field near the river." /* seeds/facts/squadron.toml:4 */
