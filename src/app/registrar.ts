import { readRegisterAnswer, REGISTER_TOPIC, RegistrationSigner } from "../cloud/registration";
import type { Clock, Crypto, HmacService, Log, OutputPin, SerialPort, TextDecoding } from "../hal";
import { LOGIN_PLAIN, type MqttLogin } from "../modem/login";
import { Modem } from "../modem/modem";
import * as S from "../modem/states";
import type { Config } from "./config";

/** What the registrar needs from the host: the modem's side of FirmwareHost. */
export interface RegistrarHost {
  clock: Clock;
  serial: SerialPort;
  pwrkey: OutputPin;
  log: Log;
  random?: () => number;
  text?: TextDecoding;
  crypto?: Crypto;
  /** The host's native HMAC-SHA256 (hal.ts): the registration signed in one call. */
  hmac?: HmacService;
  /** For a console: what the registration does, one short line each. */
  onEvent?(event: "registration", detail: string): void;
}

/**
 * Aliyun's dynamic registration, run once by a unit that has productKey and productSecret but
 * no deviceSecret: the modem connects with the registration login (src/cloud/registration.ts;
 * the device name is the module's IMEI unless deviceName is set), the platform publishes the
 * device's secret on /ext/register without a subscription and closes the connection. The unit
 * then stores the secret and logs in normally (unit.ts).
 *
 * A refusal (CONNACK 4/5) is the modem's credential failure: retried after registerBackoffMs,
 * doubling up to registerBackoffMaxMs, so a unit the cloud does not know never hammers it. A
 * connection closed without the answer is reconnected by the modem's usual recovery.
 *
 * Aliyun takes registrations over TLS only (securemode=2 in the client id): with `tls` on (and
 * its `caCert`) the modem's bring-up provisions the CA and opens MQTT over TLS, as for the
 * login that follows; with it off the connection is plain TCP (enough for the embedded broker).
 */
export class Registrar {
  readonly modem: Modem;
  /** The device name registered: deviceName, or the IMEI once the module said it. */
  deviceName: string;
  /** The secret the platform gave; "" until then. */
  deviceSecret = "";
  /** Refusals since boot (CONNACK 4 or 5). */
  refusals = 0;
  /** Connections that closed without an answer. */
  answersLost = 0;
  private readonly config: Config;
  private readonly log: Log;
  private readonly host: RegistrarHost;
  private readonly login: MqttLogin;
  private readonly signer: RegistrationSigner;
  private readonly random: string;
  private signing = false;
  private signed = false;
  private stuck = "";
  private connected = false;

  constructor(host: RegistrarHost, config: Config) {
    this.config = config;
    this.host = host;
    this.log = host.log;
    this.deviceName = config.deviceName;
    this.signer = new RegistrationSigner(host.hmac);
    // Any digits do: Aliyun signs it, it does not check it for reuse (UNCONFIRMED).
    this.random = String(Math.floor((host.random ? host.random() : Math.random()) * 1e9));
    this.login = {
      kind: LOGIN_PLAIN,
      clientId: "",
      username: "",
      password: "",
      productKey: config.productKey,
      deviceName: "",
      deviceSecret: "",
      prepare: () => this.prepare(),
    };
    this.modem = new Modem({
      serial: host.serial,
      clock: host.clock,
      pwrkey: host.pwrkey,
      log: host.log,
      config: withRegisterBackoff(config),
      login: this.login,
      subscriptions: [],
      random: host.random,
      text: host.text,
      crypto: host.crypto,
      readImei: config.deviceName === "",
      onState: (state, reason) => this.modemState(state, reason),
      onMessage: (topic, payload) => this.message(topic, payload),
    });
  }

  /** One line for the console's status. */
  describe(): string {
    const name = this.deviceName !== "" ? this.deviceName : "(IMEI not read yet)";
    const problem = this.stuck !== "" ? ", " + this.stuck : "";
    const tries = (this.refusals > 0 ? ", refused " + this.refusals : "") + (this.answersLost > 0 ? ", " + this.answersLost + " answers lost" : "");
    return "registering " + this.config.productKey + "/" + name + ": modem " + this.modem.stateName + problem + tries;
  }

  /**
   * The login's `prepare` (the modem calls it before the connect, once a poll): the name,
   * then the signature, a slice a turn without a native HMAC-SHA256.
   */
  private prepare(): boolean {
    if (this.signed) return true;
    if (!this.signing) {
      const name = this.deviceName !== "" ? this.deviceName : this.modem.identity.imei;
      if (name === "") return this.cannot("no device name: the module gave no IMEI; set deviceName on the console");
      this.deviceName = name;
      this.signer.start(this.config.productKey, this.config.productSecret, name, this.random);
      this.signing = true;
      return false;
    }
    if (!this.signer.step()) return false;
    if (this.signer.error !== "") return this.cannot(this.signer.error);
    const l = this.login;
    l.clientId = this.signer.clientId;
    l.username = this.signer.username;
    l.password = this.signer.password;
    l.deviceName = this.deviceName;
    this.signed = true;
    return true;
  }

  /** Registration cannot go on: said once, and the modem waits at the connect. */
  private cannot(why: string): boolean {
    if (this.stuck === "") this.log("error", "registration: " + why);
    this.stuck = why;
    return false;
  }

  private event(detail: string): void {
    if (this.host.onEvent) this.host.onEvent("registration", detail);
  }

  private modemState(state: number, reason: string): void {
    if (this.host.onEvent) this.event("modem " + this.modem.stateName + (reason !== "" ? ": " + reason : ""));
    if (state === S.MODEM_ONLINE) {
      this.connected = true;
      return;
    }
    if (state === S.MODEM_AUTH_FAILED) {
      this.refusals++;
      this.event("refused (" + this.refusals + ")");
      this.log("error", "registration of " + this.config.productKey + "/" + this.deviceName + " refused (" + reason + "): is the name pre-registered and the product secret right? Retrying after " + Math.round(this.config.registerBackoffMs / 1000) + " s, doubling up to " + Math.round(this.config.registerBackoffMaxMs / 1000) + " s");
      return;
    }
    if (!this.connected) return;
    this.connected = false;
    if (this.deviceSecret !== "") return;
    this.answersLost++;
    this.event("closed without an answer (" + this.answersLost + ")");
    this.log("warn", "registration: the connection closed without an answer on " + REGISTER_TOPIC + "; retrying");
  }

  private message(topic: string, payload: string): void {
    if (topic !== REGISTER_TOPIC) return this.log("warn", "registration: a message on " + topic + " ignored");
    const secret = readRegisterAnswer(payload, this.config.productKey, this.deviceName);
    if (secret === null) return this.log("warn", "registration: an answer that is not for " + this.config.productKey + "/" + this.deviceName + " ignored");
    this.deviceSecret = secret;
    this.event("answered: device secret received for " + this.deviceName);
    this.log("info", "registered " + this.config.productKey + "/" + this.deviceName + ": the platform gave the device secret");
  }
}

/** The config with the registration's backoff in place of the credential backoff (a refusal is a credential failure). */
function withRegisterBackoff(config: Config): Config {
  const copy = {} as Record<string, unknown>;
  const keys = Object.keys(config);
  for (let i = 0; i < keys.length; i++) copy[keys[i]] = (config as unknown as Record<string, unknown>)[keys[i]];
  copy.credentialBackoffMs = config.registerBackoffMs;
  copy.credentialBackoffMaxMs = config.registerBackoffMaxMs;
  return copy as unknown as Config;
}
