// `npm run fuzz:hostile [-- --seconds 60] [--seed N]`: hostile logins on the embedded broker
// (hostile-broker.ts) and hostile HTTP against the web console (hostile-http.ts), each for
// the given time, outside `npm test`. Prints what was tried and every kind of failure; exit 1
// on any.
import { hostileBroker } from "./hostile-broker";
import { hostileHttp } from "./hostile-http";
import { Failures, numberArg, Random } from "./random";

const args = process.argv.slice(2);
const seconds = numberArg(args, "--seconds", 60);
const seed = numberArg(args, "--seed", (Date.now() % 0x7fffffff) + 1);
const r = new Random(seed);
const failures = new Failures();
console.log(`fuzz:hostile: ${seconds} s each, seed ${seed}`);
console.log(await hostileBroker(r, failures, seconds * 1000));
console.log(await hostileHttp(r, failures, seconds * 1000));
for (const [kind, n] of failures.kinds) console.log(`FAIL x${n}: ${kind}`);
console.log(failures.kinds.size === 0 ? "fuzz:hostile: all held" : `fuzz:hostile: ${failures.kinds.size} kinds of failure`);
process.exit(failures.kinds.size === 0 ? 0 : 1);
