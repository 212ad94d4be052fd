/**
 * aedes hooks that make it behave like Aliyun IoT: signed device logins, one session per
 * device (a new login of the same device kicks the old one off; another device never can),
 * per-device topic rights, and no echo of a device's own uplink back to devices (the seed's
 * device subscribed to its own post topic and never received its posts back).
 *
 * Sessions per device: aedes keys sessions by client id, so a device B logging in with A's
 * client id string would take A's session. Before aedes sees a device's CONNECT, its client
 * id is replaced by a key of the device it names (`device:<pk>/<dn>`); the real one is kept
 * for the signature check and for events. The name is only trusted once the login is
 * verified: a bad signature never reaches aedes's session takeover.
 *
 * A refused publish: MQTT 3.1.1 has no way to refuse one but closing the connection, and a
 * client then re-sends its unacknowledged QoS 1 publish on reconnect, forever (an SDK's
 * thing_get_shadow did 7 disconnects in 5 s). Whether Aliyun disconnects is UNCONFIRMED (its
 * documentation does not say), so the broker does what keeps a device working: it
 * acknowledges the publish, delivers it nowhere, and raises `publishRefused`.
 */
import type { AedesOptions, AedesPublishPacket, AuthenticateError, Client } from "aedes";
import type { EventEmitter } from "node:events";
import type { DeviceTriple } from "../aliyun/sign";
import type { CloudRules } from "../clouds/rules";
import { authenticateLogin, deviceKey, type ConsoleCredentials, type DeviceRegistry, type Principal, type RegistrationRegistry } from "./auth";
import { mayUseTopic } from "./rights";

export interface BrokerEvents {
  deviceOnline: [device: DeviceTriple, clientId: string];
  deviceOffline: [device: DeviceTriple, clientId: string];
  /** An older connection of the device closed because the same device logged in again. */
  deviceKicked: [device: DeviceTriple, clientId: string];
  loginRefused: [returnCode: number, reason: string, clientId: string];
  /** A device uplink accepted by the broker. */
  devicePublish: [device: DeviceTriple, topic: string, payload: Buffer];
  /** A device published outside its rights: acknowledged, delivered nowhere. */
  publishRefused: [device: DeviceTriple, topic: string, clientId: string];
  /** A dynamic registration succeeded: the device now exists with this secret (answered unless the answer was lost on purpose). */
  deviceRegistered: [device: DeviceTriple, answered: boolean];
}

/** Broker state the hooks share; outlives aedes instances across restart(). */
export interface BrokerContext {
  devices: DeviceRegistry;
  registrations: RegistrationRegistry;
  console?: ConsoleCredentials;
  events: EventEmitter<BrokerEvents>;
  principals: WeakMap<Client, Principal>;
  /** The client id each connection sent, where aedes holds a per-device key instead. */
  clientIds: WeakMap<Client, string>;
  /** The live connection of each device, by `<pk>/<dn>`. */
  sessions: Map<string, Client>;
  /** Which cloud the broker plays: its logins, topic rights and automatic answers. */
  rules: CloudRules;
  /** The cloud's clock (token expiry, timestamps). */
  now: () => number;
}

/** A refused publish goes here: `$` topics match no `#`/`+` filter, and no device may subscribe. */
export const REFUSED_PREFIX = "$refused/";

/** The client id the connection sent (aedes's `client.id` is a per-device key for devices). */
export function sentClientId(ctx: BrokerContext, client: Client): string {
  return ctx.clientIds.get(client) ?? client.id;
}

type Hooks = Pick<AedesOptions, "preConnect" | "authenticate" | "authorizePublish" | "authorizeSubscribe" | "authorizeForward">;

export function aliyunHooks(ctx: BrokerContext): Hooks {
  return {
    preConnect(client, packet, done) {
      const user = ctx.rules.deviceOf(packet.clientId, packet.username ?? "");
      if (user) {
        ctx.clientIds.set(client, packet.clientId);
        packet.clientId = `device:${deviceKey(user)}`;
      }
      done(null, true);
    },
    authenticate(client, username, password, done) {
      const login = { clientId: sentClientId(ctx, client), username: username ?? "", password: password?.toString() ?? "" };
      const result = authenticateLogin(login, ctx.devices, ctx.console, ctx.registrations, (l, lookup) => ctx.rules.verify(l, lookup, ctx.now()));
      if (!result.ok) {
        ctx.events.emit("loginRefused", result.returnCode, result.reason, login.clientId);
        done(Object.assign(new Error(result.reason), { returnCode: result.returnCode }) as AuthenticateError, null);
        return;
      }
      ctx.principals.set(client, result.principal);
      if (result.principal.kind === "device") takeOver(ctx, result.principal.device, client);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      const principal = client && ctx.principals.get(client);
      if (client && !(principal && mayUseTopic(principal, packet.topic, ctx.rules))) {
        if (principal?.kind !== "device") return done(new Error("publish not authorized"));
        ctx.events.emit("publishRefused", principal.device, packet.topic, sentClientId(ctx, client));
        packet.topic = REFUSED_PREFIX + packet.topic;
        packet.retain = false;
      }
      done(null);
    },
    authorizeSubscribe(client, sub, done) {
      const principal = ctx.principals.get(client);
      // A refused filter is granted 128 in the SUBACK; the connection stays up.
      done(null, principal && mayUseTopic(principal, sub.topic, ctx.rules) ? sub : null);
    },
    // aedes stamps each forwarded packet with its publisher's clientId.
    authorizeForward(client, packet: AedesPublishPacket & { clientId?: string }) {
      const toDevice = ctx.principals.get(client)?.kind === "device";
      return toDevice && packet.clientId === client.id ? null : packet;
    },
  };
}

function takeOver(ctx: BrokerContext, device: DeviceTriple, client: Client): void {
  const key = deviceKey(device);
  const previous = ctx.sessions.get(key);
  ctx.sessions.set(key, client);
  if (previous && previous !== client && !previous.closed) {
    ctx.events.emit("deviceKicked", device, sentClientId(ctx, previous));
    previous.close();
  }
}

/** Bookkeeping when a device's connection ends. */
export function releaseSession(ctx: BrokerContext, client: Client): void {
  const principal = ctx.principals.get(client);
  if (principal?.kind !== "device") return;
  const key = deviceKey(principal.device);
  if (ctx.sessions.get(key) === client) ctx.sessions.delete(key);
  ctx.events.emit("deviceOffline", principal.device, sentClientId(ctx, client));
}
