CREATE
LAST	Len	"air battle over Wuhan (28 April 1938)" /* seeds/entities/events.toml:194 */
LAST	Den	"Japanese air raid on the Wuhan military airport met by Soviet fighters" /* seeds/entities/events.toml:194 */
LAST	P2283	Q127771	P1114	60	P1932	"60 Soviet I-15 and I-16 fighters"	S143	Q328	S1683	en:"At 10:00 a.m. they were met by 60 Soviet I-15 and I-16 fighters." /* seeds/facts/operations.toml:590 */
LAST	P276	Q11746	S143	Q328	S1683	en:"the Wuhan military airport" /* seeds/facts/operations.toml:556 */
LAST	P585	+1938-04-28T00:00:00Z/11	S143	Q328	S1683	en:"On 28 April, the Japanese launched a massive air raid on the Wuhan military airport" /* seeds/facts/operations.toml:547 */
CREATE
LAST	Len	"air raid on Wuhan (31 May 1938)" /* seeds/entities/events.toml:200 */
LAST	Den	"second Japanese air raid on Wuhan, repelled by Soviet fighters" /* seeds/entities/events.toml:200 */
LAST	P2283	Q170877	P1114	18	S143	Q328	S1683	en:"18 Japanese bombers approached Wuhan" /* seeds/facts/operations.toml:686 */
LAST	P2283	Q127771	P1114	36	S143	Q328	S1683	en:"covered by 36 fighters" /* seeds/facts/operations.toml:695 */
LAST	P533	Q11746	S143	Q328	S1683	en:"On 31 May, 18 Japanese bombers approached Wuhan for a second time" /* seeds/facts/operations.toml:652 */
LAST	P585	+1938-05-31T00:00:00Z/11	S143	Q328	S1683	en:"On 31 May, 18 Japanese bombers approached Wuhan" /* seeds/facts/operations.toml:643 */
CREATE
LAST	Len	"dispatch of 225 Soviet aircraft to China (1937)" /* seeds/entities/events.toml:121 */
LAST	Den	"sending of 225 aircraft to China ordered by the Orgburo in September 1937" /* seeds/entities/events.toml:121 */
LAST	P1444	Q29520	S143	Q328	S1683	en:"be sent to China" /* seeds/facts/background.toml:857 */
Q35493	P17	Q15180	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"assembled at Alma Ata in the USSR" /* seeds/facts/places.toml:510 */
CREATE
LAST	Len	"American Volunteer Group" /* seeds/entities/unit.toml:24 */
LAST	Den	"American volunteer air unit of the Chinese Air Force, 1941–1942" /* seeds/entities/unit.toml:24 */
LAST	Aen	"1st American Volunteer Group" /* seeds/entities/unit.toml:24 */
LAST	Aen	"Flying Tigers" /* seeds/entities/unit.toml:24 */
LAST	P1449	en:"Flying Tigers"	S143	Q328	S1683	en:"famously nicknamed the Flying Tigers"	!S143	Q328	S1683	en:"the American Volunteer Group Flying Tigers" /* seeds/facts/american-volunteer-group.toml:57 */
LAST	P2670	Q2095549	S143	Q328	S1683	en:"was composed of pilots from the United States Army , Navy , and Marine Corps , recruited under presidential sanction" /* seeds/facts/american-volunteer-group.toml:65 */
LAST	P571	+1941-00-00T00:00:00Z/9	S143	Q328	S1683	en:"The 1st American Volunteer Group of the Chinese Air Force in 1941–1942" /* seeds/facts/american-volunteer-group.toml:43 */
LAST	P576	+1942-00-00T00:00:00Z/9	S143	Q328	S1683	en:"The 1st American Volunteer Group of the Chinese Air Force in 1941–1942" /* seeds/facts/american-volunteer-group.toml:50 */
LAST	P607	Q170314	S143	Q328	S1683	en:"to aid the Nationalist government of China against Japan in the Second Sino-Japanese War..." /* seeds/facts/american-volunteer-group.toml:29 */
CREATE
LAST	Len	"bombing of Taipei (1938)" /* seeds/entities/events.toml:182 */
LAST	Den	"bombing of Taipei by the Soviet Volunteer Group in 1938" /* seeds/entities/events.toml:182 */
LAST	P533	Q1867	S143	Q328	S1683	en:"In 1938 the Group bombed Taipei" /* seeds/facts/operations.toml:401 */
LAST	P585	+1938-00-00T00:00:00Z/9	S143	Q328	S1683	en:"In 1938 the Group bombed Taipei" /* seeds/facts/operations.toml:393 */
CREATE
LAST	Len	"corruption in Chinese aviation procurement" /* seeds/entities/events.toml:218 */
LAST	Den	"purchase of outdated foreign aircraft equipment by Chinese officials in return for bribes" /* seeds/entities/events.toml:218 */
LAST	P17	Q13426199	S143	Q328	S1683	en:"Morale was low and the improvement of the situation was hampered by corrupt officials who bought outdated foreign equipment in return for bribes." /* seeds/facts/operations.toml:263 */
Q11725	P17	Q148	S143	Q328	S1683	en:"Administratively, it is one of the PRC's four direct-controlled municipalities" /* seeds/facts/places.toml:409 */
Q11725	P31	Q515	S143	Q328	S1683	en:"Chongqing is a major city in Southwest China" /* seeds/facts/places.toml:377 */
Q11725	P571	+1997-03-14T00:00:00Z/11	S143	Q328	S1683	en:"The municipality was created on 14 March 1997" /* seeds/facts/places.toml:417 */
CREATE
LAST	Len	"defence of Hankou" /* seeds/entities/events.toml:176 */
LAST	Den	"air defence of Hankou, the new Chinese capital, in 1938" /* seeds/entities/events.toml:176 */
LAST	P276	Q1208250	S143	Q328	S1683	en:"200 Soviet pilots took part in the defense of the new capital, Hankou" /* seeds/facts/operations.toml:354 */
CREATE
LAST	Len	"deployment of Soviet airmen to China (October 1937)" /* seeds/entities/events.toml:164 */
LAST	Den	"journey of some 450 Soviet pilots and technicians bringing 225 aircraft into China" /* seeds/entities/events.toml:164 */
LAST	P1427	Q35493	S143	Q328	S1683	en:"assembled at Alma Ata in the USSR to bring 155 fighter aircraft, 62 bombers, and 8 trainers into China" /* seeds/facts/operations.toml:26 */
LAST	P1427	Q649	S143	Q328	S1683	en:"assembled in Moscow, subsequently traveling to Alma Ata" /* seeds/facts/operations.toml:34 */
LAST	P1444	Q29520	S143	Q328	S1683	en:"to bring 155 fighter aircraft, 62 bombers, and 8 trainers into China"	!S143	Q328	S1683	en:"to bring 155 fighter aircraft, 62 bombers, and 8 trainers into China" /* seeds/facts/operations.toml:51 */
LAST	P276	Q35493	S143	Q328	S1683	en:"assembled at Alma Ata in the USSR"	!S143	Q328	S1683	en:"subsequently traveling to Alma Ata" /* seeds/facts/operations.toml:42 */
LAST	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"In October 1937, some 450 Soviet pilots and technicians assembled"	!S143	Q328	S1683	en:"In October 1937, some 450 Soviet pilots and technicians assembled" /* seeds/facts/operations.toml:7 */
CREATE
LAST	Len	"fall of Nanjing" /* seeds/entities/events.toml:170 */
LAST	Den	"capture of Nanjing by the Japanese on 13 December 1937" /* seeds/entities/events.toml:170 */
LAST	P276	Q16666	S143	Q328	S1683	en:"On 13 December 1937, the former temporary capital of Nanjing fell to the Japanese" /* seeds/facts/operations.toml:337 */
LAST	P585	+1937-12-13T00:00:00Z/11	S143	Q328	S1683	en:"On 13 December 1937, the former temporary capital of Nanjing fell to the Japanese" /* seeds/facts/operations.toml:329 */
CREATE
LAST	Len	"German aid to China" /* seeds/entities/events.toml:47 */
LAST	Den	"German military support to China, from 1933 until May 1938" /* seeds/entities/events.toml:47 */
LAST	P580	+1933-00-00T00:00:00Z/9	S143	Q328	S1683	en:"Starting from 1933, a German mission headed by Hans von Seeckt provided crucial military support" /* seeds/facts/background.toml:229 */
CREATE
LAST	Len	"German realignment with Japan and Manchukuo" /* seeds/entities/events.toml:53 */
LAST	Den	"Hitler's turn towards Japan and Manchukuo at the expense of China" /* seeds/entities/events.toml:53 */
LAST	P710	Q188712	S143	Q328	S1683	en:"as Adolf Hitler realigned himself with Japan and Manchukuo instead" /* seeds/facts/background.toml:281 */
Q1208250	P131	Q11746	S143	Q328	S1683	en:"Hankou was one of the three cities whose merging formed modern-day Wuhan" /* seeds/facts/places.toml:261 */
Q1208250	P1376	Q13426199	S143	Q328	S1683	en:"the new capital, Hankou" /* seeds/facts/places.toml:293 */
Q1208250	P31	Q515	S143	Q328	S1683	en:"Hankou was one of the three cities whose merging formed modern-day Wuhan" /* seeds/facts/places.toml:253 */
CREATE
LAST	Len	"Japanese air superiority over China (1937)" /* seeds/entities/events.toml:212 */
LAST	Den	"numerical and technical superiority of the Japanese air forces over the Chinese Air Force" /* seeds/entities/events.toml:212 */
LAST	P710	Q188712	S143	Q328	S1683	en:"The Japanese outnumbered the Chinese in the air by a 13:1 ratio and were better trained." /* seeds/facts/operations.toml:271 */
CREATE
LAST	Len	"Japanese expansionism" /* seeds/entities/events.toml:16 */
LAST	Den	"expansionist policy of the Empire of Japan against its neighbours in the Far East" /* seeds/entities/events.toml:16 */
LAST	Aen	"Japanese expansionist policy" /* seeds/entities/events.toml:16 */
LAST	Aen	"Japanese imperialism" /* seeds/entities/events.toml:16 */
LAST	P17	Q188712	S143	Q328	S1683	en:"the Empire of Japan pursued an expansionist policy against its weakened neighbors in the Far East" /* seeds/facts/background.toml:14 */
CREATE
LAST	Len	"Japanese provocations against the Soviet Union" /* seeds/entities/events.toml:83 */
LAST	Den	"series of Japanese provocations before the sale of the Chinese Eastern Railway" /* seeds/entities/events.toml:83 */
LAST	P8031	Q188712	S143	Q328	S1683	en:"a series of Japanese provocations" /* seeds/facts/background.toml:503 */
Q183584	P31	Q515	S143	Q328	S1683	en:"Lanzhou is the capital and largest city of Gansu Province in Northwest China." /* seeds/facts/places.toml:427 */
CREATE
LAST	Len	"Liberation Park Memorial" /* seeds/entities/monuments.toml:9 */
LAST	Den	"monument to the Soviet aviators in Jiefang Park (Liberation Park), Wuhan, built in 1956" /* seeds/entities/monuments.toml:9 */
LAST	Aen	"Jiefang Park memorial to the Soviet aviators" /* seeds/entities/monuments.toml:9 */
LAST	P131	Q11746	S143	Q328	S1683	en:"Jiefang Gongyuan (Liberation Park) in Wuhan"	!S143	Q328	S1683	en:"Jiefang Gongyuan (Liberation Park) in Wuhan" /* seeds/facts/monuments.toml:86 */
LAST	P31	Q5003624	S143	Q328	S1683	en:"The Liberation Park Memorial" /* seeds/facts/monuments.toml:60 */
LAST	P31	Q4989906	S143	Q328	S1683	en:"There are several monuments to the Soviet aviators in China, including one in Jiefang Gongyuan (Liberation Park) in Wuhan"	!S143	Q328	S1683	en:"The most notable of which being Jiefang Gongyuan (Liberation Park) in Wuhan" /* seeds/facts/monuments.toml:51 */
LAST	P571	+1956-00-00T00:00:00Z/9	S143	Q328	S1683	en:", which was built in 1956."	!S143	Q328	S1683	en:"which was built in 1956" /* seeds/facts/monuments.toml:95 */
CREATE
LAST	Len	"Marco Polo Bridge Incident" /* seeds/entities/events.toml:101 */
LAST	Den	"battle near Beijing on 7 July 1937, marker of the start of the Second Sino-Japanese War" /* seeds/entities/events.toml:101 */
LAST	P31	Q178561	S143	Q328	S1683	en:"The Marco Polo Bridge Incident was a battle between the Republic of China's National Revolutionary Army and the Imperial Japanese Army" /* seeds/facts/places.toml:144 */
LAST	P585	+1937-07-07T00:00:00Z/11	S143	Q328	S1683	en:"On 7 July 1937, the Marco Polo Bridge Incident marked the beginning of the Second Sino-Japanese War." /* seeds/facts/places.toml:168 */
Q130796	P1891	Q15180	S143	Q328	S1683	en:"the non-aggression pact between the Soviet Union and Germany in 1939" /* seeds/facts/background.toml:631 */
Q130796	P31	Q1412901	S143	Q328	S1683	en:"the non-aggression pact between the Soviet Union and Germany in 1939" /* seeds/facts/background.toml:623 */
Q130796	P585	+1939-00-00T00:00:00Z/9	S143	Q328	S1683	en:"the non-aggression pact between the Soviet Union and Germany in 1939" /* seeds/facts/background.toml:647 */
CREATE
LAST	Len	"monuments to the Soviet aviators in China" /* seeds/entities/monuments.toml:3 */
LAST	Den	"set of monuments in China commemorating the Soviet airmen of 1937–1941" /* seeds/entities/monuments.toml:3 */
LAST	P1114	70	S143	Q328	S1683	en:"There are a total of 70 monuments to the Soviet aviators in China." /* seeds/facts/monuments.toml:34 */
LAST	P17	Q29520	S143	Q328	S1683	en:"There are several monuments to the Soviet aviators in China"	!S143	Q328	S1683	en:"There are a total of 70 monuments to the Soviet aviators in China." /* seeds/facts/monuments.toml:25 */
LAST	P31	Q4989906	S143	Q328	S1683	en:"There are several monuments to the Soviet aviators in China"	!S143	Q328	S1683	en:"There are a total of 70 monuments to the Soviet aviators in China." /* seeds/facts/monuments.toml:7 */
CREATE
LAST	Len	"Mukden Incident" /* seeds/entities/events.toml:23 */
LAST	Den	"incident staged by Japan on 18 September 1931" /* seeds/entities/events.toml:23 */
LAST	P585	+1931-09-18T00:00:00Z/11	S143	Q328	S1683	en:"On 18 September 1931, Japan staged the Mukden Incident" /* seeds/facts/background.toml:46 */
LAST	P8031	Q188712	S143	Q328	S1683	en:"On 18 September 1931, Japan staged the Mukden Incident" /* seeds/facts/background.toml:54 */
Q16666	P1376	Q29520	S143	Q328	S1683	en:"has a prominent place in Chinese history and culture, having been the capital of China on several occasions..." /* seeds/facts/places.toml:234 */
CREATE
LAST	Len	"raid on Taiwan (23 February 1938)" /* seeds/entities/events.toml:188 */
LAST	Den	"first operation of the Soviet Volunteer Group outside Chinese borders" /* seeds/entities/events.toml:188 */
LAST	P1427	Q1208250	P1114	28	P3831	Q170877	S143	Q328	S1683	en:"with 12 and 28 bombers departing from Nanjing and Hankou, respectively" /* seeds/facts/operations.toml:479 */
LAST	P1427	Q16666	P1114	12	P3831	Q170877	S143	Q328	S1683	en:"with 12 and 28 bombers departing from Nanjing and Hankou, respectively" /* seeds/facts/operations.toml:470 */
LAST	P585	+1938-02-23T00:00:00Z/11	S143	Q328	S1683	en:"On 23 February 1938, the Soviet Volunteer Group conducted its first operation outside Chinese borders" /* seeds/facts/operations.toml:451 */
CREATE
LAST	Len	"sale of the Chinese Eastern Railway" /* seeds/entities/events.toml:77 */
LAST	Den	"sale of the Chinese Eastern Railway by the Soviet Union in March 1935" /* seeds/entities/events.toml:77 */
LAST	P585	+1935-03-00T00:00:00Z/10	S143	Q328	S1683	en:"they sold the railway to the Japanese in March 1935" /* seeds/facts/background.toml:469 */
Q170314	P31	Q198	S143	Q328	S1683	en:"The Second Sino-Japanese War was a military conflict" /* seeds/facts/places.toml:73 */
Q170314	P580	+1937-07-07T00:00:00Z/11	S143	Q328	S1683	en:"On 7 July 1937, the Marco Polo Bridge Incident marked the beginning of the Second Sino-Japanese War." /* seeds/facts/places.toml:124 */
Q170314	P710	Q188712	S143	Q328	S1683	en:"fought primarily between the Republic of China and the Empire of Japan" /* seeds/facts/places.toml:89 */
Q170314	P710	Q13426199	S143	Q328	S1683	en:"fought primarily between the Republic of China and the Empire of Japan" /* seeds/facts/places.toml:81 */
CREATE
LAST	Len	"Sino-German cooperation" /* seeds/entities/events.toml:41 */
LAST	Den	"strengthened ties between China and Germany in the 1930s" /* seeds/entities/events.toml:41 */
LAST	P710	Q13426199	S143	Q328	S1683	en:"Facing increasing pressure China strengthened its ties with Germany." /* seeds/facts/background.toml:157 */
CREATE
LAST	Len	"severance of Sino-Soviet diplomatic ties (1929)" /* seeds/entities/events.toml:65 */
LAST	Den	"cutting of diplomatic ties between China and the Soviet Union after the conflict of 1929" /* seeds/entities/events.toml:65 */
LAST	P710	Q13426199	S143	Q328	S1683	en:"Sino–Soviet diplomatic ties had been cut" /* seeds/facts/background.toml:355 */
LAST	P710	Q15180	S143	Q328	S1683	en:"Sino–Soviet diplomatic ties had been cut" /* seeds/facts/background.toml:363 */
CREATE
LAST	Len	"Sino-Soviet conflict (1929)" /* seeds/entities/events.toml:59 */
LAST	Den	"armed conflict between China and the Soviet Union in 1929" /* seeds/entities/events.toml:59 */
LAST	P585	+1929-00-00T00:00:00Z/9	S143	Q328	S1683	en:"the Sino-Soviet conflict (1929)" /* seeds/facts/background.toml:315 */
LAST	P710	Q13426199	S143	Q328	S1683	en:"the Sino-Soviet conflict (1929)" /* seeds/facts/background.toml:323 */
LAST	P710	Q15180	S143	Q328	S1683	en:"the Sino-Soviet conflict (1929)" /* seeds/facts/background.toml:331 */
CREATE
LAST	Len	"Sino-Soviet rapprochement" /* seeds/entities/events.toml:89 */
LAST	Den	"improvement of relations between China and the Soviet Union in the 1930s" /* seeds/entities/events.toml:89 */
LAST	P710	Q13426199	S143	Q328	S1683	en:"The Soviets felt unready for a new confrontation with Japan, opting to improve relations with China as a temporary countermeasure."	S1683	en:"pushing China to reactivate its unofficial communication channels with its only remaining potential ally" /* seeds/facts/background.toml:527 */
LAST	P710	Q15180	S143	Q328	S1683	en:"The Soviets felt unready for a new confrontation with Japan, opting to improve relations with China as a temporary countermeasure." /* seeds/facts/background.toml:519 */
CREATE
LAST	Len	"Soviet aircraft deliveries to China, 1937–1941" /* seeds/entities/events.toml:127 */
LAST	Den	"all Soviet-built aircraft sent to China up to 1941" /* seeds/entities/events.toml:127 */
LAST	P1114	885	P585	+1941-00-00T00:00:00Z/9	S143	Q328	S1683	en:"By 1941, the Soviet-built aircraft sent to China would amount to 885"	!S143	Q328	S1683	en:"By 1941, the Soviet-built aircraft sent to China would amount to 885" /* seeds/facts/operations.toml:71 */
LAST	P1444	Q29520	S143	Q328	S1683	en:"the Soviet-built aircraft sent to China"	!S143	Q328	S1683	en:"the Soviet-built aircraft sent to China" /* seeds/facts/operations.toml:90 */
LAST	P495	Q15180	S143	Q328	S1683	en:"the Soviet-built aircraft sent to China"	!S143	Q328	S1683	en:"the Soviet-built aircraft sent to China" /* seeds/facts/operations.toml:99 */
CREATE
LAST	Len	"Soviet industrialization" /* seeds/entities/events.toml:71 */
LAST	Den	"country-wide programme of mass industrialization in the Soviet Union" /* seeds/entities/events.toml:71 */
LAST	P17	Q15180	S143	Q328	S1683	en:"At the time the Soviet Union was undergoing a country wide program of mass industrialization" /* seeds/facts/background.toml:379 */
CREATE
LAST	Len	"loan to China of July 1938" /* seeds/entities/events.toml:145 */
LAST	Den	"second of three loans to China, 50 million $" /* seeds/entities/events.toml:145 */
LAST	P2130	50000000	S143	Q328	S1683	en:"In March and July 1938 as well as in July 1939, China received loans of 50, 50 and 150 million $ respectively" /* seeds/facts/background.toml:1043 */
LAST	P585	+1938-07-00T00:00:00Z/10	S143	Q328	S1683	en:"In March and July 1938 as well as in July 1939, China received loans of 50, 50 and 150 million $ respectively" /* seeds/facts/background.toml:1019 */
CREATE
LAST	Len	"loan to China of July 1939" /* seeds/entities/events.toml:151 */
LAST	Den	"third of three loans to China, 150 million $" /* seeds/entities/events.toml:151 */
LAST	P2130	150000000	S143	Q328	S1683	en:"In March and July 1938 as well as in July 1939, China received loans of 50, 50 and 150 million $ respectively" /* seeds/facts/background.toml:1051 */
LAST	P585	+1939-07-00T00:00:00Z/10	S143	Q328	S1683	en:"In March and July 1938 as well as in July 1939, China received loans of 50, 50 and 150 million $ respectively" /* seeds/facts/background.toml:1027 */
CREATE
LAST	Len	"loan to China of March 1938" /* seeds/entities/events.toml:139 */
LAST	Den	"first of three loans to China, 50 million $" /* seeds/entities/events.toml:139 */
LAST	P2130	50000000	S143	Q328	S1683	en:"In March and July 1938 as well as in July 1939, China received loans of 50, 50 and 150 million $ respectively" /* seeds/facts/background.toml:1035 */
LAST	P585	+1938-03-00T00:00:00Z/10	S143	Q328	S1683	en:"In March and July 1938 as well as in July 1939, China received loans of 50, 50 and 150 million $ respectively" /* seeds/facts/background.toml:1011 */
CREATE
LAST	Len	"Soviet Volunteer Group" /* seeds/entities/unit.toml:3 */
LAST	Den	"Soviet airmen sent to support the Republic of China, 1937–1941" /* seeds/entities/unit.toml:3 */
LAST	P1120	227	P1347	Q210392	P518	Q2095549	S143	Q328	S1683	en:"By the time of their withdrawal, the group's casualties amounted to 227 pilots killed in action." /* seeds/facts/unit.toml:381 */
LAST	P1120	236	P1347	Q210392	P1347	Q16861407	P518	Q2095549	P580	+1937-00-00T00:00:00Z/9	P582	+1940-00-00T00:00:00Z/9	S143	Q328	S1683	en:"Between 1937 and 1940, a total of 236 Soviet pilots were killed in action or in accidents." /* seeds/facts/unit.toml:390 */
LAST	P121	Q170877	P1114	62	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"to bring 155 fighter aircraft, 62 bombers, and 8 trainers into China"	!S143	Q328	S1683	en:"to bring 155 fighter aircraft, 62 bombers, and 8 trainers into China" /* seeds/facts/unit.toml:199 */
LAST	P121	Q127771	P1114	155	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"to bring 155 fighter aircraft, 62 bombers, and 8 trainers into China"	!S143	Q328	S1683	en:"to bring 155 fighter aircraft, 62 bombers, and 8 trainers into China" /* seeds/facts/unit.toml:189 */
LAST	P159	Q11725	S143	Q328	S1683	en:", Hankou , and Chongqing , and at Lanzhou in China's northwest"	S1683	en:", and Chongqing Chongqing"	!S143	Q328	S1683	en:"The Soviet air units were stationed at bases near the cities of Nanjing, Hankou, and Chongqing, and at Lanzhou in China's northwest" /* seeds/facts/unit.toml:140 */
LAST	P159	Q1208250	S143	Q328	S1683	en:", Hankou , and Chongqing , and at Lanzhou in China's northwest"	S1683	en:", Hankou Hankou"	!S143	Q328	S1683	en:"The Soviet air units were stationed at bases near the cities of Nanjing, Hankou, and Chongqing, and at Lanzhou in China's northwest" /* seeds/facts/unit.toml:131 */
LAST	P159	Q183584	S143	Q328	S1683	en:", Hankou , and Chongqing , and at Lanzhou in China's northwest"	S1683	en:", and at Lanzhou Lanzhou"	S1683	en:"in China's northwest at the terminus of the Russian supply route."	!S143	Q328	S1683	en:"Garrison: Nanjing, Nanchang, Lanzhou"	S1683	en:"The Soviet air units were stationed at bases near the cities of Nanjing, Hankou, and Chongqing, and at Lanzhou in China's northwest" /* seeds/facts/unit.toml:149; seeds/infobox/001_fac9f245705e1fde.toml:33 */
LAST	P159	Q171943	S143	Q328	S1683	en:"Garrison: Nanjing, Nanchang, Lanzhou" /* seeds/infobox/001_fac9f245705e1fde.toml:33 */
LAST	P159	Q16666	S143	Q328	S1683	en:"The Soviet air units were stationed at bases near the cities of Nanjing"	!S143	Q328	S1683	en:"Garrison: Nanjing, Nanchang, Lanzhou"	S1683	en:"The Soviet air units were stationed at bases near the cities of Nanjing, Hankou, and Chongqing, and at Lanzhou in China's northwest" /* seeds/facts/unit.toml:123; seeds/infobox/001_fac9f245705e1fde.toml:33 */
LAST	P17	Q15180	S143	Q328	S1683	en:"The Soviet Volunteer Group was the ostensibly volunteer Soviet Air Forces"	!S143	Q328	S1683	en:"The Soviet Volunteer Group was the volunteer part of the Soviet Air Forces" /* seeds/facts/unit.toml:67 */
LAST	P2124	3665	P585	+1939-02-00T00:00:00Z/10	S143	Q328	S1683	en:"By February 1939, 3665 Soviet military specialists headed by Mikhail Dratvin had been deployed." /* seeds/facts/unit.toml:287 */
LAST	P2670	Q2095549	S143	Q328	S1683	en:"In October 1937, some 450 Soviet pilots and technicians assembled"	!S143	Q328	S1683	en:"At its peak the Soviet Volunteer Group numbered 3,665 personnel, including doctors, drivers, mechanics, meteorologists, cryptographers, radio operators, airfield managers and pilots."	S1683	en:"In October 1937, some 450 Soviet pilots and technicians assembled" /* seeds/facts/unit.toml:312 */
LAST	P31	Q176799	S143	Q328	S1683	en:"The Soviet air units were stationed at bases"	!S143	Q328	S1683	en:"The Soviet air units were stationed at bases" /* seeds/facts/unit.toml:11 */
LAST	P571	+1937-00-00T00:00:00Z/9	S143	Q328	S1683	en:"between 1937 and 1941"	!S143	Q328	S1683	en:"Dates: 1937–1941"	S1683	en:"during the Second Sino-Japanese War between 1937 and 1941" /* seeds/facts/unit.toml:93; seeds/infobox/001_fac9f245705e1fde.toml:14 */
LAST	P576	+1941-00-00T00:00:00Z/9	S143	Q328	S1683	en:"between 1937 and 1941"	!S143	Q328	S1683	en:"Dates: 1937–1941"	S1683	en:"during the Second Sino-Japanese War between 1937 and 1941" /* seeds/facts/unit.toml:102; seeds/infobox/001_fac9f245705e1fde.toml:14 */
LAST	P607	Q170314	S143	Q328	S1683	en:"during the Second Sino-Japanese War"	!S143	Q328	S1683	en:"Battles: Second Sino-Japanese War"	S1683	en:"during the Second Sino-Japanese War between 1937 and 1941" /* seeds/facts/unit.toml:111; seeds/infobox/001_fac9f245705e1fde.toml:38 */
LAST	P740	Q35493	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"In October 1937, some 450 Soviet pilots and technicians assembled at Alma Ata in the USSR" /* seeds/facts/unit.toml:170 */
LAST	P740	Q649	P585	+1937-10-00T00:00:00Z/10	S143	Q328	S1683	en:"In October 1937, some 450 Soviet pilots and technicians assembled in Moscow" /* seeds/facts/unit.toml:178 */
LAST	P945	Q13426199	S143	Q328	S1683	en:"Republic of China" /* seeds/facts/unit.toml:76 */
Q865	P31	Q3624078	S143	Q328	S1683	en:"The Republic of China , commonly known as Taiwan , is a unitary sovereign state located in East Asia." /* seeds/facts/places.toml:6 */
CREATE
LAST	Len	"Wall Street crash of 1929" /* seeds/entities/events.toml:3 */
LAST	Den	"stock market crash in the United States in 1929" /* seeds/entities/events.toml:3 */
LAST	P585	+1929-00-00T00:00:00Z/9	S143	Q328	S1683	en:"the Wall Street crash of 1929" /* seeds/facts/background.toml:6 */
Q11746	P17	Q148	S143	Q328	S1683	en:"Wuhan is the capital of Hubei province, People's Republic of China" /* seeds/facts/places.toml:335 */
Q11746	P31	Q515	S143	Q328	S1683	en:"is the most populous city in Central China" /* seeds/facts/places.toml:301 */
