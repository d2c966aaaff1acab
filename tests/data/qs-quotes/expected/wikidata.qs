CREATE
LAST	Len	"Test Squadron" /* seeds/entities/all.toml:1 */
LAST	Den	"invented air unit of the svg-rdf tests" /* seeds/entities/all.toml:1 */
LAST	P31	Q176799	S143	Q328	S1683	en:"The Test Squadron was a military unit" /* seeds/facts/squadron.toml:31 */
LAST	P159	Q1208250	P580	+1937-00-00T00:00:00Z/9	S143	Q328 /* seeds/facts/squadron.toml:37 */
LAST	P17	Q13426199	S143	Q328 /* seeds/facts/squadron.toml:18 */
LAST	P2124	1450	P585	+1937-00-00T00:00:00Z/9	S143	Q328	S1683	en:"…finally numbered some 1,450 airmen and technicians of…" /* seeds/facts/squadron.toml:10 */
LAST	P571	+1937-00-00T00:00:00Z/9	S143	Q328	S1683	en:"It was formed in 1937 at a field near the river." /* seeds/facts/squadron.toml:4 */
