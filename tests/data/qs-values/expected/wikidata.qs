CREATE
LAST	Len	"Test Squadron" /* seeds/entities/all.toml:1 */
LAST	Lru	"Испытательная эскадрилья" /* seeds/entities/all.toml:1 */
LAST	Den	"invented air unit of the svg-rdf tests" /* seeds/entities/all.toml:1 */
LAST	Aen	"TS" /* seeds/entities/all.toml:1 */
LAST	P31	Q176799	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"The Test Squadron was a military unit" /* seeds/facts/squadron.toml:3 */
LAST	P1448	ru:"Испытательная эскадрилья"	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"Its official name was Испытательная эскадрилья." /* seeds/facts/squadron.toml:61 */
LAST	P159	Q16666	P580	+1937-12-13T00:00:00Z/11	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"It was based at Nanjing from 13 December 1937." /* seeds/facts/squadron.toml:23 */
LAST	P17	Q13426199	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"a military unit of the Republic of China" /* seeds/facts/squadron.toml:8 */
LAST	P2124	450~10	P1932	"450 airmen, give or take 10"	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"In October 1937 the squadron numbered 450 airmen, give or take 10." /* seeds/facts/squadron.toml:29 */
LAST	P571	+1937-00-00T00:00:00Z/9	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"It was formed in 1937" /* seeds/facts/squadron.toml:13 */
LAST	P576	+1941-06-00T00:00:00Z/10	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"disbanded in June 1941" /* seeds/facts/squadron.toml:18 */
LAST	P973	"https://example.org/test-squadron"	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"It is described at https://example.org/test-squadron." /* seeds/facts/squadron.toml:66 */
Q16666	P1376	Q13426199	P580	+1927-00-00T00:00:00Z/9	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"Nanjing was the capital of the Republic of China." /* seeds/facts/nanjing.toml:13 */
Q16666	P1448	zh:"南京市"	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"The city's official name in Chinese is 南京市." /* seeds/facts/nanjing.toml:25 */
Q16666	P17	Q13426199	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"Nanjing was the capital of the Republic of China." /* seeds/facts/nanjing.toml:8 */
Q16666	P31	Q515	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"Nanjing is a city." /* seeds/facts/nanjing.toml:3 */
Q16666	P571	+1360-00-00T00:00:00Z/8	S143	Q328	S4656	"https://en.wikipedia.org/w/index.php?title=Test_Squadron&oldid=1"	S813	+2026-11-30T00:00:00Z/11	S1683	en:"The city was founded in the 1360s." /* seeds/facts/nanjing.toml:20 */
