// `npm run fuzz:burst [-- --seconds 60] [--seed N]`: bursts of property sets against the Alink
// client, outside `npm test`. A hostile cloud sends sets of every shape (valid, mistyped,
// unknown properties, oversize with an id, broken, without an id), repeats recent ones, and
// retries every id it has no answer for, while the modem's queue takes messages or not and
// the relay holds switches at random. Holds if:
//   - every set with a usable id is answered in the end; those without one never are;
//   - no id is applied twice, and its answers are some 429s, then one final code (200 or
//     460) repeated for every retry, never another;
//   - no more answers go out than sets came, per id;
//   - sets the thing model refuses are 460 and never switch;
//   - the thing ends at the last applied value, and the last post reports it.
import { AlinkClient } from "../../src/cloud/client";
import { AlinkTopics } from "../../src/cloud/topics";
import type { SwitchThing } from "../../src/cloud/thing";
import { Failures, numberArg, Random } from "./random";

const args = process.argv.slice(2);
const seconds = numberArg(args, "--seconds", 60);
const seed = numberArg(args, "--seed", (Date.now() % 0x7fffffff) + 1);
const r = new Random(seed);
const failures = new Failures();

const topics = new AlinkTopics("a1wFylTxYeD", "co_0001");

type Kind = "valid" | "refused" | "oversize" | "broken" | "no-id";

/** A set of the given kind; `value` is what a valid one commands. */
function message(id: string, kind: Kind, value: 0 | 1): string {
  const idJson = r.int(3) === 0 && /^\d+$/.test(id) ? id : JSON.stringify(id);
  const power = r.pick([String(value), value === 1 ? "true" : "false"]);
  switch (kind) {
    case "valid":
      return `{"method":"thing.service.property.set","id":${idJson},"params":{"PowerSwitch_1":${power}},"version":"1.0.0"}`;
    case "refused":
      return `{"id":${idJson},"params":${r.pick(['{"PowerSwitch_1":2}', '{"Brightness":1}', '{"PowerSwitch_1":1,"CurrentTemperature":3}', "{}", "[1]", '{"PowerSwitch_1":"1"}'])}}`;
    case "oversize":
      return `{"id":${idJson},"params":{"PowerSwitch_1":${power}},"pad":"${"x".repeat(1100 + r.int(3000))}"}`;
    case "broken":
      return `{"id":${idJson},"params":{"PowerSwitch_1":${power}}`.slice(0, 10 + r.int(30));
    default:
      return `{"params":{"PowerSwitch_1":${power}},"i":${idJson}}`;
  }
}

class Thing implements SwitchThing {
  value: 0 | 1 = 0;
  switches = 0;
  pending = false;
  setPowerSwitch(value: 0 | 1): void {
    this.value = value;
    this.switches++;
  }
  powerSwitch(): 0 | 1 {
    return this.value;
  }
  switchPending(): boolean {
    return this.pending;
  }
}

interface Sent {
  kind: Kind;
  value: 0 | 1;
  sends: number;
  codes: number[];
  applied: number;
  /** The client's count of remembered answers once this set's was remembered, or -1. */
  rememberedAt: number;
}

const totals = { bursts: 0, sets: 0, sends: 0, replies: 0, applied: 0, busy: 0, refused: 0, deferred: 0 };

function oneBurst(): void {
  const thing = new Thing();
  let open = r.int(2) === 0;
  const rememberedSets = r.pick([4, 8, 32]);
  const client = new AlinkClient({
    transport: { publish: (topic, payload) => open && published(topic, payload) },
    thing,
    log: () => undefined,
    topics,
    rememberedSets,
    pendingReplies: r.pick([1, 2, 8, 32]),
  });
  // Every answer the client remembers, counted (its memory is private): a set is forgotten,
  // by design, once rememberedSets newer answers are remembered, and a repeat after that is a
  // new set. The cloud here repeats only what the client still remembers, as a real cloud,
  // which repeats within seconds and long before 32 newer sets, does.
  let remembered = 0;
  const memory = (client as unknown as { sets: { remember(id: string, code: number, message: string): void } }).sets;
  const remember = memory.remember.bind(memory);
  memory.remember = (id, code, message) => {
    remembered++;
    const s = sets.get(id);
    if (s !== undefined) s.rememberedAt = remembered;
    remember(id, code, message);
  };
  const sets = new Map<string, Sent>();
  const order: string[] = [];
  let lastApplied: 0 | 1 | null = null;
  let lastPosted: unknown = null;
  function published(topic: string, payload: string): boolean {
    const body = JSON.parse(payload) as { id: string; code?: number; params?: { PowerSwitch_1?: number } };
    if (topic === topics.propertyPost) {
      if (body.params?.PowerSwitch_1 !== undefined) lastPosted = body.params.PowerSwitch_1;
      return true;
    }
    const s = sets.get(body.id);
    if (s === undefined) failures.fail(`a reply to an id never sent: ${body.id}`);
    else s.codes.push(body.code as number);
    totals.replies++;
    return true;
  }
  const send = (id: string): void => {
    const s = sets.get(id)!;
    s.sends++;
    totals.sends++;
    const before = thing.switches;
    client.onMessage(topics.propertySet, message(id, s.kind, s.value));
    if (thing.switches > before) {
      s.applied++;
      lastApplied = s.value;
    }
  };
  const stillRemembered = (s: Sent): boolean => s.rememberedAt < 0 || remembered - s.rememberedAt < rememberedSets;
  const count = 1 + r.int(r.pick([10, 100, 1000]));
  const shake = (): void => {
    if (r.int(4) === 0) open = !open;
    if (r.int(8) === 0) thing.pending = !thing.pending;
    if (r.int(3) === 0) client.flush();
  };
  for (let i = 0; i < count; i++) {
    const id = r.int(4) === 0 ? "s" + i : String(7000000 + i);
    const kind: Kind = r.pick(["valid", "valid", "valid", "valid", "refused", "oversize", "broken", "no-id"]);
    sets.set(id, { kind, value: r.int(2) as 0 | 1, sends: 0, codes: [], applied: 0, rememberedAt: -1 });
    order.push(id);
    send(id);
    // The cloud repeats one of the last three sets now and then, while the client remembers
    // its answer (above); the queue and the relay come and go.
    const again = order[Math.max(0, order.length - 1 - r.int(3))];
    if (r.int(6) === 0 && stillRemembered(sets.get(again)!)) send(again);
    shake();
  }
  // The line clears; the cloud retries what has no answer until all have one.
  open = true;
  thing.pending = false;
  retryUnanswered(client, order.filter((id) => answerable(sets.get(id)!)), sets, send, count + 10);
  check(sets, thing, lastApplied, lastPosted);
  totals.bursts++;
  totals.sets += count;
  totals.applied += client.stats.setsApplied;
  totals.busy += client.stats.setsBusy;
  totals.refused += client.stats.setsRejected + client.stats.malformed;
  totals.deferred += client.stats.setsDeferred;
}

/** Rounds of the cloud's retries, 16 sets a round, until every answerable set has an answer. */
function retryUnanswered(client: AlinkClient, toAnswer: string[], sets: Map<string, Sent>, send: (id: string) => void, rounds: number): void {
  const unanswered = (id: string): boolean => sets.get(id)!.codes.length === 0;
  for (let round = 0; round < rounds; round++) {
    client.flush();
    const waiting = toAnswer.filter(unanswered);
    if (waiting.length === 0) return;
    // Each looked at again when its turn comes: a send flushes queued replies, and the cloud
    // retries only what it has no answer for.
    for (const id of waiting.slice(0, 16)) if (unanswered(id)) send(id);
  }
}

const answerable = (s: Sent): boolean => s.kind !== "broken" && s.kind !== "no-id";
const finals = (s: Sent): number[] => s.codes.filter((c) => c !== 429);

/** Each rule: what is wrong with one set's record, or null. */
const RULES: Array<(s: Sent) => string | null> = [
  (s) => (answerable(s) && s.codes.length === 0 ? "never answered" : null),
  (s) => (!answerable(s) && s.codes.length > 0 ? "answered without a usable id" : null),
  (s) => (s.applied > 1 ? `applied ${s.applied} times` : null),
  (s) => (s.codes.length > s.sends ? `${s.codes.length} answers to ${s.sends} sends` : null),
  (s) => (finals(s).some((c) => c !== finals(s)[0]) ? "two different final answers" : null),
  (s) => (finals(s).length > 0 && s.codes.indexOf(finals(s)[0]) < s.codes.lastIndexOf(429) ? "a 429 after a final answer" : null),
  (s) => (finals(s).length > 0 && finals(s)[0] !== (s.kind === "valid" ? 200 : 460) ? "the wrong final code" : null),
  (s) => ((s.applied > 0) !== (finals(s)[0] === 200) ? "applied without a 200, or a 200 without applying" : null),
];

function check(sets: Map<string, Sent>, thing: Thing, lastApplied: 0 | 1 | null, lastPosted: unknown): void {
  for (const [id, s] of sets) {
    for (const rule of RULES) {
      const wrong = rule(s);
      if (wrong !== null) failures.fail(`set ${id} (${s.kind}, answered ${s.codes.join(",") || "never"}): ${wrong}`);
    }
  }
  if (lastApplied === null) return;
  if (thing.value !== lastApplied) failures.fail(`the thing ends at ${thing.value}, the last applied set said ${lastApplied}`);
  if (lastPosted !== lastApplied) failures.fail(`the last post says ${String(lastPosted)}, the last applied set ${lastApplied}`);
}

const end = Date.now() + seconds * 1000;
while (Date.now() < end) oneBurst();
console.log(
  `fuzz:burst: seed ${seed}, ${totals.bursts} bursts, ${totals.sets} distinct sets sent ${totals.sends} times, ${totals.replies} set_replies; ` +
    `${totals.applied} applied, ${totals.busy} answered 429, ${totals.refused} refused or malformed, ${totals.deferred} deferred (not taken, retried later)`,
);
for (const [kind, n] of failures.kinds) console.log(`FAIL x${n}: ${kind}`);
console.log(failures.kinds.size === 0 ? "fuzz:burst: all held" : `fuzz:burst: ${failures.kinds.size} kinds of failure`);
process.exit(failures.kinds.size === 0 ? 0 : 1);
