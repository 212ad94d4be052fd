/**
 * aedes hooks that make it behave like Aliyun IoT: signed device logins, one connection per
 * device (a new login kicks the old one off), per-device topic rights, and no echo of a
 * device's own uplink back to devices (the seed's device subscribed to its own post topic
 * and never received its posts back).
 */
import type { AedesOptions, AedesPublishPacket, AuthenticateError, Client } from "aedes";
import type { EventEmitter } from "node:events";
import type { DeviceTriple } from "../aliyun/sign";
import { authenticateLogin, deviceKey, type ConsoleCredentials, type DeviceRegistry, type Principal } from "./auth";
import { mayUseTopic } from "./rights";

export interface BrokerEvents {
  deviceOnline: [device: DeviceTriple, clientId: string];
  deviceOffline: [device: DeviceTriple, clientId: string];
  /** An older connection of the device closed because the same device logged in again. */
  deviceKicked: [device: DeviceTriple, clientId: string];
  loginRefused: [returnCode: number, reason: string, clientId: string];
  /** A device uplink accepted by the broker. */
  devicePublish: [device: DeviceTriple, topic: string, payload: Buffer];
}

/** Broker state the hooks share; outlives aedes instances across restart(). */
export interface BrokerContext {
  devices: DeviceRegistry;
  console?: ConsoleCredentials;
  events: EventEmitter<BrokerEvents>;
  principals: WeakMap<Client, Principal>;
  /** The live connection of each device, by `<pk>/<dn>`. */
  sessions: Map<string, Client>;
}

export function aliyunHooks(ctx: BrokerContext): Pick<AedesOptions, "authenticate" | "authorizePublish" | "authorizeSubscribe" | "authorizeForward"> {
  return {
    authenticate(client, username, password, done) {
      const login = { clientId: client.id, username: username ?? "", password: password?.toString() ?? "" };
      const result = authenticateLogin(login, ctx.devices, ctx.console);
      if (!result.ok) {
        ctx.events.emit("loginRefused", result.returnCode, result.reason, client.id);
        done(Object.assign(new Error(result.reason), { returnCode: result.returnCode }) as AuthenticateError, null);
        return;
      }
      ctx.principals.set(client, result.principal);
      if (result.principal.kind === "device") takeOver(ctx, result.principal.device, client);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      const principal = client && ctx.principals.get(client);
      if (client && !(principal && mayUseTopic(principal, packet.topic))) return done(new Error("publish not authorized"));
      done(null);
    },
    authorizeSubscribe(client, sub, done) {
      const principal = ctx.principals.get(client);
      // A refused filter is granted 128 in the SUBACK; the connection stays up.
      done(null, principal && mayUseTopic(principal, sub.topic) ? sub : null);
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
    ctx.events.emit("deviceKicked", device, previous.id);
    previous.close();
  }
}

/** Bookkeeping when a device's connection ends. */
export function releaseSession(ctx: BrokerContext, client: Client): void {
  const principal = ctx.principals.get(client);
  if (principal?.kind !== "device") return;
  const key = deviceKey(principal.device);
  if (ctx.sessions.get(key) === client) ctx.sessions.delete(key);
  ctx.events.emit("deviceOffline", principal.device, client.id);
}
