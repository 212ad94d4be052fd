/**
 * Hostile logins on the embedded broker: CONNECTs built valid for a device and then broken in
 * up to three ways (another device's secret or name, a wrong securemode or signmethod, a
 * signature over other content, a garbage or borrowed client id), and raw garbage on the
 * port, while a legitimate device stays logged in. Holds if only an unbroken login is
 * accepted, the legitimate device is kicked by nothing but a login of its own credentials,
 * and it still gets its post_reply at the end.
 */
import { connectAsync, type MqttClient } from "mqtt";
import { createConnection } from "node:net";
import { aliyunCredentials, hmacHex, signContent, type DeviceTriple, type SignMethod } from "../../sim/aliyun/sign";
import { propertyPostReplyTopic, propertyPostTopic } from "../../sim/aliyun/topics";
import { loginAsDevice, startBroker, type RunningBroker } from "../../sim/broker";
import { Failures, Random } from "./random";

const victim: DeviceTriple = { productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "7ab0c4b3532b5783df5fdc58a2895d7a" };
const attacker: DeviceTriple = { productKey: "a1wFylTxYeD", deviceName: "co_0002", deviceSecret: "0123456789abcdef0123456789abcdef" };

interface Login {
  device: DeviceTriple;
  other: DeviceTriple;
  ts: string;
  id: string;
  /** The id the signature is over, when it is not the one sent. */
  signedId: string | null;
  securemode: string;
  signmethod: string;
  extra: string;
  secret: string;
  username: string;
  upper: boolean;
  password: string | null;
  clientId: string | null;
}

/** Each turns a login into one Aliyun refuses. */
const BREAKS: Array<(r: Random, l: Login, victimClientId: string) => void> = [
  (_r, l) => (l.secret = l.other.deviceSecret),
  (_r, l) => (l.username = `${l.other.deviceName}&${l.other.productKey}`),
  (r, l) => (l.username = r.pick(["console", "&", "", r.junk(r.int(30)), `${l.device.deviceName}&`])),
  (r, l) => (l.securemode = r.pick(["-5", "0", "1", "4", "-1", "3.0", "", "99999999999", "23"])),
  (r, l) => (l.signmethod = r.pick(["sha1", "HMACSHA1", "hmacsha512", "hmac", ""])),
  (r, l) => (l.password = r.pick(["", "00", r.junk(r.int(64)), "a".repeat(40)])),
  (r, l, victimClientId) => (l.clientId = r.pick([`${l.id}|securemode=${l.securemode},signmethod=${l.signmethod}|`, l.id, r.junk(r.int(100)), victimClientId, "", `${l.id}|securemode=3`])),
  (r, l) => (l.signedId = l.id + r.pick(["x", r.junk(1 + r.int(5))])),
  (_r, l) => (l.ts = String(Number(l.ts) + 1)),
  // Aliyun's bare client id is at most 64 characters.
  (r, l) => (l.id = l.signedId = "a".repeat(65 + r.int(5000))),
];

function methodOf(name: string): SignMethod {
  return name === "hmacmd5" || name === "hmacsha256" ? name : "hmacsha1";
}

/** A login valid for one of the two devices, broken `breaks` times (0: valid). */
function login(r: Random, victimClientId: string, breaks: number): { clientId: string; username: string; password: string; device: DeviceTriple } {
  const device = r.pick([victim, attacker]);
  const ts = String(1700000000000 + r.int(1000));
  const l: Login = {
    device,
    other: device === victim ? attacker : victim,
    ts,
    id: r.pick([victimClientId.split("|")[0], `${device.productKey}&${device.deviceName}`, "x", device.deviceName, "a".repeat(1 + r.int(64))]),
    signedId: null,
    securemode: r.pick(["3", "2"]),
    signmethod: r.pick(["hmacsha1", "hmacmd5", "hmacsha256"]),
    extra: r.pick(["", ",_ss=1", ",ext=1,_ss=1,lan=Python,_v=1.2.13"]),
    secret: device.deviceSecret,
    username: `${device.deviceName}&${device.productKey}`,
    upper: r.int(4) === 0,
    password: null,
    clientId: null,
  };
  // The timestamp sent is the one signed unless a break moves it.
  const signedTs = ts;
  for (let k = 0; k < breaks; k++) r.pick(BREAKS)(r, l, victimClientId);
  const signature = hmacHex(methodOf(l.signmethod), l.secret, signContent({ id: l.signedId ?? l.id, deviceName: device.deviceName, productKey: device.productKey, timestamp: signedTs }));
  return {
    clientId: l.clientId ?? `${l.id}|securemode=${l.securemode},signmethod=${l.signmethod},timestamp=${l.ts}${l.extra}|`,
    username: l.username,
    password: l.password ?? (l.upper ? signature.toUpperCase() : signature),
    device,
  };
}

function closedWithin(client: MqttClient, ms: number): Promise<void> {
  if (!client.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    client.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const GARBAGE = (r: Random): string =>
  r.pick([r.junk(r.int(200)), "\x10\xff\xff\xff\x7f", "\x10\x0c\x00\x04MQTT\x04\x02\x00\x3c", "\x30\x05\x00\x01/x" + r.junk(3), "GET / HTTP/1.1\r\n\r\n", "\x10\x00"]);

/** Raw bytes on the MQTT port: a torn CONNECT, a huge remaining length, or noise. */
function garbage(r: Random, broker: RunningBroker): Promise<void> {
  return new Promise<void>((resolve) => {
    const s = createConnection({ host: broker.host, port: broker.port }, () => {
      s.write(Buffer.from(GARBAGE(r), "latin1"));
      setTimeout(() => s.destroy(), 20);
    });
    s.on("error", () => undefined);
    s.on("close", () => resolve());
  });
}

/** True if the broker took the login. */
async function tryLogin(url: string, creds: { clientId: string; username: string; password: string }): Promise<boolean> {
  let client: MqttClient | null = null;
  try {
    client = await connectAsync(url, { ...creds, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 2000 });
    return true;
  } catch {
    return false;
  } finally {
    await client?.endAsync(true);
  }
}

class Legit {
  client!: MqttClient;
  closed = false;

  constructor(private readonly url: string) {}

  async login(): Promise<void> {
    this.client = await loginAsDevice(this.url, victim, "victim");
    this.closed = false;
    this.client.on("close", () => (this.closed = true));
  }

  get down(): boolean {
    return this.closed || !this.client.connected;
  }

  /** Posts and waits for the post_reply. */
  async postAnswered(): Promise<boolean> {
    const topic = propertyPostReplyTopic(victim.productKey, victim.deviceName);
    await this.client.subscribeAsync(topic);
    const reply = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 3000);
      this.client.on("message", (t) => {
        if (t !== topic) return;
        clearTimeout(timer);
        resolve(true);
      });
    });
    await this.client.publishAsync(propertyPostTopic(victim.productKey, victim.deviceName), '{"id":"5","params":{"PowerSwitch_1":1}}');
    return reply;
  }
}

interface Counts {
  tries: number;
  valid: number;
  accepted: number;
  garbage: number;
  selfKicks: number;
}

/** One login (or garbage connection) and its checks. */
async function round(r: Random, failures: Failures, broker: RunningBroker, legit: Legit, victimClientId: string, n: Counts): Promise<void> {
  if (r.int(5) === 0) {
    n.garbage++;
    return garbage(r, broker);
  }
  const breaks = r.int(4);
  const creds = login(r, victimClientId, breaks);
  n.tries++;
  if (breaks === 0) n.valid++;
  const accepted = await tryLogin(broker.url, creds);
  if (accepted) n.accepted++;
  if (accepted !== (breaks === 0)) failures.fail(`broker ${accepted ? "accepted" : "refused"} a login with ${breaks} breaks: ${JSON.stringify({ clientId: creds.clientId.slice(0, 100), username: creds.username.slice(0, 40) })}`);
  await stillOnline(failures, legit, creds, accepted && creds.device === victim, n);
}

/**
 * A login of the victim's own credentials kicks the legitimate one (Aliyun does too): wait
 * for that, then log back in. Anything else that disconnects it is a failure.
 */
async function stillOnline(failures: Failures, legit: Legit, creds: { clientId: string; username: string }, selfKick: boolean, n: Counts): Promise<void> {
  if (selfKick) await closedWithin(legit.client, 2000);
  if (!legit.down) return;
  if (selfKick) n.selfKicks++;
  else failures.fail(`the legitimate device was disconnected by a login as ${JSON.stringify(creds.username.slice(0, 40))} (${JSON.stringify(creds.clientId.slice(0, 60))})`);
  await legit.client.endAsync(true);
  await legit.login();
}

export async function hostileBroker(r: Random, failures: Failures, ms: number): Promise<string> {
  const broker = await startBroker({ devices: [victim, attacker], console: { username: "console", password: "console-secret" }, now: () => 1700000000000 });
  let kicks = 0;
  broker.events.on("deviceKicked", () => kicks++);
  const victimClientId = aliyunCredentials(victim, { id: "victim", timestamp: 1700000000000 }).clientId;
  const legit = new Legit(broker.url);
  await legit.login();
  const n: Counts = { tries: 0, valid: 0, accepted: 0, garbage: 0, selfKicks: 0 };
  const end = Date.now() + ms;
  while (Date.now() < end) await round(r, failures, broker, legit, victimClientId, n);
  if (!(await legit.postAnswered())) failures.fail("the legitimate device got no post_reply after the attack");
  await legit.client.endAsync(true);
  await broker.close();
  return (
    `broker: ${n.tries} logins (${n.valid} valid, ${n.tries - n.valid} broken 1-3 ways; ${n.accepted} accepted), ${n.garbage} raw garbage connections, ` +
    `${n.selfKicks} kicks of the legitimate device by its own credentials (expected), ${kicks} deviceKicked events, post_reply after the attack checked`
  );
}
