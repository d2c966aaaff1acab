CREATE
LAST	Len	"Test Squadron" /* seeds/entities/all.toml:1 */
LAST	Den	"invented air unit of the svg-rdf tests" /* seeds/entities/all.toml:1 */
LAST	P31	Q176799	S143	Q328	S1683	en:"The Test Squadron was a military unit."	S1683	en:"an air unit known as "the Falcons""	!S854	"https://example.org/beta"	S1683	en:"The Test Squadron, a military unit" /* seeds/facts/squadron.toml:4 */
LAST	P571	+1937-00-00T00:00:00Z/9	S143	Q328	S1683	en:"The squadron was formed in 1937." /* seeds/facts/squadron.toml:26 */
LAST	P571	+1938-00-00T00:00:00Z/9	S854	"https://example.org/beta"	S1683	en:"was formed in 1938" /* seeds/facts/squadron.toml:31 */
LAST	P576	+1941-00-00T00:00:00Z/9	S143	Q328	S1683	en:"It was disbanded in 1941." /* seeds/facts/squadron.toml:37 */
LAST	P740	Q35493	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"The airmen assembled at Alma Ata in October 1937." /* seeds/facts/squadron.toml:14 */
LAST	P740	Q649	S854	"https://example.org/beta"	S1683	en:"The airmen assembled in Moscow." /* seeds/facts/squadron.toml:20 */
