Q35493	P17	Q15180	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"assembled at Alma Ata in the USSR" /* seeds/facts/places.toml:511 */
Q130796	P1891	Q15180	S143	Q328	S1683	en:"the non-aggression pact between the Soviet Union and Germany in 1939" /* seeds/facts/background.toml:662 */
Q130796	P31	Q1412901	S143	Q328	S1683	en:"the non-aggression pact between the Soviet Union and Germany in 1939" /* seeds/facts/background.toml:654 */
Q130796	P585	+1939-00-00T00:00:00Z/9	S143	Q328	S1683	en:"the non-aggression pact between the Soviet Union and Germany in 1939" /* seeds/facts/background.toml:678 */
Q170314	P580	+1937-07-07T00:00:00Z/11	S143	Q328	S1683	en:"On 7 July 1937, the Marco Polo Bridge Incident marked the beginning of the Second Sino-Japanese War." /* seeds/facts/places.toml:127 */
