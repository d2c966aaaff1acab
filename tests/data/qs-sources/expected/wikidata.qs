CREATE
LAST	Len	"Test Squadron" /* seeds/entities/all.toml:1 */
LAST	Den	"invented air unit of the svg-rdf tests" /* seeds/entities/all.toml:1 */
LAST	P31	Q176799	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"The Test Squadron was a military unit."	S1683	en:"an air unit known as "the Falcons""	!S248	Q13550863	S854	"https://example.org/beta"	S1683	en:"The Test Squadron, a military unit" /* seeds/facts/squadron.toml:4 */
LAST	P576	+1941-00-00T00:00:00Z/9	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"It was disbanded in 1941." /* seeds/facts/squadron.toml:37 */
LAST	P740	Q35493	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"The airmen assembled at Alma Ata in October 1937." /* seeds/facts/squadron.toml:14 */
LAST	P740	Q649	S248	Q13550863	S854	"https://example.org/beta"	S1683	en:"The airmen assembled in Moscow." /* seeds/facts/squadron.toml:20 */
Q35493	P17	Q15180	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Alpha&oldid=2"	S813	+2026-11-29T00:00:00Z/11	S1683	en:"Alma Ata lay in the Soviet Union." /* seeds/facts/almaty.toml:4 */
Q35493	P17	Q15180	S248	Q13550863	S854	"https://example.org/beta"	S1683	en:"Alma Ata was a city of the Soviet Union." /* seeds/facts/almaty.toml:4 */
