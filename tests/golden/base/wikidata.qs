CREATE
LAST	Len	"Test Squadron" /* seeds/entities/things.toml:1 */
LAST	Den	"a squadron that exists only in tests" /* seeds/entities/things.toml:1 */
LAST	P1448	en:"Test Squadron"	S143	Q328	S1683	en:"The Test Squadron" /* seeds/facts/squadron.toml:28 */
LAST	P159	Q16666	S143	Q328	S1683	en:"Garrison: Alpha Town, Beta Town"	S1683	en:"It flew from Beta Town" /* seeds/facts/squadron.toml:14; seeds/infobox/alpha.toml:14 */
LAST	P1932	"Its pilots said "ready" — über alles."	S143	Q328	S1683	en:"Its pilots said "ready" — über alles." /* seeds/facts/squadron.toml:33 */
LAST	P2124	120	P1932	"120 pilots (peak)"	S143	Q328	S1683	en:"Size: 120 pilots (peak)" /* seeds/infobox/alpha.toml:19 */
LAST	P571	+1938-00-00T00:00:00Z/9	S143	Q328	S1683	en:"Dates: 1938–1940" /* seeds/infobox/alpha.toml:9 */
LAST	P571	+1938-03-00T00:00:00Z/10	S143	Q328	S1683	en:"formed in Alpha Town in March 1938" /* seeds/facts/squadron.toml:9 */
LAST	P576	+1940-00-00T00:00:00Z/9	S143	Q328	S1683	en:"Dates: 1938–1940" /* seeds/infobox/alpha.toml:9 */
