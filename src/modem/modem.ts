import { AtEngine } from "../at/engine";
import { ascii, startsWith, utf8 } from "../at/bytes";
import { AT_ABORTED, AT_OK, AT_TIMEOUT, AtCommand, command } from "../at/command";
import { COUNTED_CORRUPT } from "../at/counted";
import { Fields } from "../at/fields";
import type { Clock, Log, OutputPin, SerialPort, TextDecoding } from "../hal";
import { Backoff } from "./backoff";
import type { ModemConfig } from "./config";
import { loginFromConfig, MqttLogin } from "./login";
import * as O from "./outcome";
import { Publisher, PUBLISH_TIMED_OUT } from "./publisher";
import { QmtRecv } from "./quectel/qmtrecv";
import * as S from "./states";
import type { Step, StepContext } from "./step";
import { BRING_UP, registered, STEP_MQTT_OPEN, STEP_REGISTRATION, STEP_SIM } from "./steps";
import { ModemUrcHandler, modemUrcs } from "./urcs";

// Timed actions: what to do when the wake deadline passes.
const ACT_NONE = 0;
const ACT_STEP = 1;
const ACT_PROBE = 2;
const ACT_PULSE_START = 3;
const ACT_PULSE_END = 4;
const ACT_BOOT_TIMEOUT = 5;
const ACT_CLOSE_MQTT = 6;
const ACT_DEACTIVATE = 7;
const ACT_POWER_OFF = 8;

const QMTCONN = ascii("+QMTCONN:");
const QMTCLOSE = ascii("+QMTCLOSE:");

export interface ModemOptions {
  serial: SerialPort;
  clock: Clock;
  /** Asserted (1) for the PWRKEY pulse; the host maps it to the wiring's level. */
  pwrkey: OutputPin;
  log: Log;
  config: ModemConfig;
  /** How to log in (a cloud profile's); default: the config's Aliyun triple, signed by the module. */
  login?: MqttLogin;
  /** Topics to subscribe once connected. */
  subscriptions: string[];
  /** For backoff jitter; tests pass a fixed one. */
  random?: () => number;
  onState?(state: number, reason: string): void;
  /** A message on our MQTT client. */
  onMessage(topic: string, payload: string): void;
  /** The host's native UTF-8 decoder, if it has one (hal.ts). */
  text?: TextDecoding;
}

export interface ModemStats {
  reboots: number;
  mqttDrops: number;
  pdpDrops: number;
  registrationLosses: number;
  powerCycles: number;
  authFailures: number;
  commandTimeouts: number;
  badFrames: number;
  /** Messages whose handler threw (reported, not counted as bad frames). */
  handlerErrors: number;
  staleUrcs: number;
}

/**
 * The EC600S driver: bring-up from the BRING_UP table, steady-state publishing, and
 * recovery from every fault the module reports (or fails to report). Its state is always
 * observable (`state`, `reason`, `onState`). Escalation: retry the step, reopen MQTT,
 * reactivate PDP, power-cycle the module, each behind an exponential backoff with jitter.
 */
export class Modem implements ModemUrcHandler {
  readonly engine: AtEngine;
  readonly publisher: Publisher;
  readonly stats: ModemStats = {
    reboots: 0,
    mqttDrops: 0,
    pdpDrops: 0,
    registrationLosses: 0,
    powerCycles: 0,
    authFailures: 0,
    commandTimeouts: 0,
    badFrames: 0,
    handlerErrors: 0,
    staleUrcs: 0,
  };
  state = S.MODEM_OFF;
  reason = "";
  private readonly o: ModemOptions;
  private readonly c: ModemConfig;
  private readonly fields = new Fields(8);
  /** Reads +QMTRECV headers for the parser; holds the last one's fields. */
  private readonly qmtRecv = new QmtRecv();
  private readonly backoff: Backoff;
  private readonly credentialBackoff: Backoff;
  private readonly ctx: StepContext;
  private readonly stepCmd: AtCommand;
  private readonly probeCmd: AtCommand;
  private readonly closeCmd: AtCommand;
  private readonly deactivateCmd: AtCommand;
  private readonly powerOffCmd: AtCommand;
  private readonly linkCheckCmd: AtCommand;
  private stepIndex = 0;
  private stepRetries = 0;
  private waitSince = 0;
  private lineOutcome = O.OUTCOME_NONE;
  private wakeAt = -1;
  private wakeAction = ACT_NONE;
  private probes = 0;
  private mqttFailures = 0;
  private pdpFailures = 0;
  private timeouts = 0;
  private mqttOpen = false;
  private pdpActive = false;
  private linkState = -1;
  private nextLinkCheck = 0;
  private onlineSince = -1;
  private msgId = 0;

  constructor(options: ModemOptions) {
    this.o = options;
    const c = (this.c = options.config);
    const random = options.random ?? Math.random;
    this.backoff = new Backoff(c.backoffMinMs, c.backoffMaxMs, random);
    this.credentialBackoff = new Backoff(c.credentialBackoffMs, c.credentialBackoffMaxMs, random);
    this.engine = new AtEngine({
      serial: options.serial,
      clock: options.clock,
      log: options.log,
      urcs: modemUrcs(this),
      counted: [this.qmtRecv],
      onCounted: (_urc, b, at, body) => this.recv(b, at, body),
      onCountedError: (_urc, reason) => this.recvError(reason),
      rxCapacity: c.payloadBytes + 512,
    });
    this.publisher = new Publisher({ engine: this.engine, config: c, log: options.log, onTrouble: (why) => this.publishTrouble(why) });
    this.ctx = {
      config: c,
      login: options.login ?? loginFromConfig(c),
      subscriptions: options.subscriptions,
      attempt: 0,
      msgId: 0,
      nextMsgId: () => (this.msgId = this.msgId >= 65535 ? 1 : this.msgId + 1),
    };
    this.stepCmd = command("step", 0, (s, code) => this.stepDone(s, code));
    this.stepCmd.onLine = (b, off, len) => this.stepLine(b, off, len);
    this.probeCmd = command("probe", c.probeTimeoutMs, (s) => this.probeDone(s));
    this.closeCmd = command("mqtt close", c.atTimeoutMs, (s) => this.afterRecoveryCommand(s, STEP_MQTT_OPEN));
    this.closeCmd.result = QMTCLOSE;
    this.closeCmd.resultTimeoutMs = c.mqttResultTimeoutMs;
    this.deactivateCmd = command("pdp deactivate", 40000, (s) => this.afterRecoveryCommand(s, STEP_REGISTRATION));
    this.powerOffCmd = command("power off", c.atTimeoutMs, (s) => this.powerOffDone(s));
    this.linkCheckCmd = command("link check", c.atTimeoutMs, (s) => this.linkCheckDone(s));
    this.linkCheckCmd.response = QMTCONN;
    this.linkCheckCmd.onLine = (b, off, len) => this.linkCheckLine(b, off, len);
  }

  get online(): boolean {
    return this.state === S.MODEM_ONLINE;
  }

  get stateName(): string {
    return S.MODEM_STATE_NAMES[this.state];
  }

  /** Name of the bring-up step in progress (for the console). */
  get stepName(): string {
    return BRING_UP[this.stepIndex] ? BRING_UP[this.stepIndex].name : "";
  }

  /** Begin: probe the module, power it on only if it is silent. */
  start(): void {
    this.probes = 0;
    this.run(ACT_PROBE);
  }

  receive(bytes: Uint8Array, length: number): void {
    this.engine.receive(bytes, length);
  }

  writable(): void {
    this.engine.writable();
  }

  /**
   * Queue a message; false if the queue is full of messages that must not be dropped. It
   * goes out from the next poll, not now: the caller is usually handling a received message,
   * and that turn is already the longest one.
   */
  publish(topic: string, payload: string, kind: number): boolean {
    return this.publisher.queue.push(topic, payload, kind);
  }

  /** Call from one repeating timer. */
  poll(): void {
    this.engine.poll();
    if (!this.engine.busy && this.wakeAt >= 0 && this.o.clock.now() >= this.wakeAt) {
      const action = this.wakeAction;
      this.wakeAt = -1;
      this.wakeAction = ACT_NONE;
      this.run(action);
    }
    this.kick();
  }

  // ---- the scheduler ----

  private later(action: number, delayMs: number): void {
    this.wakeAction = action;
    this.wakeAt = this.o.clock.now() + (delayMs > 0 ? delayMs : 0);
  }

  private run(action: number): void {
    switch (action) {
      case ACT_STEP:
        return this.runStep();
      case ACT_PROBE:
        return this.probe();
      case ACT_PULSE_START:
        return this.pulseStart();
      case ACT_PULSE_END:
        return this.pulseEnd();
      case ACT_BOOT_TIMEOUT:
        return this.bootTimedOut();
      default:
        return this.runRecovery(action);
    }
  }

  private runRecovery(action: number): void {
    if (action === ACT_CLOSE_MQTT) this.sendSimple(this.closeCmd, "AT+QMTCLOSE=", this.c.clientIndex);
    else if (action === ACT_DEACTIVATE) this.sendSimple(this.deactivateCmd, "AT+QIDEACT=", 1);
    else if (action === ACT_POWER_OFF) this.sendSimple(this.powerOffCmd, "AT+QPOWD=", 1);
  }

  private sendSimple(cmd: AtCommand, head: string, arg: number): void {
    this.engine.begin(head).int(arg, 0, 16);
    this.engine.send(cmd);
  }

  private setState(state: number, reason: string): void {
    if (state === this.state && reason === this.reason) return;
    this.state = state;
    this.reason = reason;
    this.o.log("info", "modem " + S.MODEM_STATE_NAMES[state] + (reason ? ": " + reason : ""));
    if (this.o.onState) this.o.onState(state, reason);
  }

  // A due link check goes first: after a failed publish, sending again blind is pointless.
  private kick(): void {
    if (this.state !== S.MODEM_ONLINE || this.engine.busy || this.wakeAt >= 0) return;
    if (this.o.clock.now() >= this.nextLinkCheck) this.linkCheck();
    else this.publisher.pump();
  }

  // ---- power and boot ----

  private probe(): void {
    this.setState(S.MODEM_PROBING, "");
    this.engine.begin("AT");
    this.engine.send(this.probeCmd);
  }

  private probeDone(status: number): void {
    if (status === AT_ABORTED) return;
    if (status === AT_OK) return this.enterStep(0);
    if (++this.probes < this.c.probeAttempts) return this.later(ACT_PROBE, 0);
    this.probes = 0;
    this.later(ACT_PULSE_START, 0);
  }

  private pulseStart(): void {
    this.setState(S.MODEM_POWERING_ON, "PWRKEY");
    this.o.pwrkey.write(1);
    this.later(ACT_PULSE_END, this.c.pwrkeyPulseMs);
  }

  private pulseEnd(): void {
    this.o.pwrkey.write(0);
    this.engine.parser.resync();
    this.setState(S.MODEM_BOOTING, "waiting for RDY");
    this.later(ACT_BOOT_TIMEOUT, this.c.bootTimeoutMs);
  }

  // No RDY: maybe it was already on (and the pulse turned it off), maybe RDY was lost.
  private bootTimedOut(): void {
    this.probes = 0;
    this.probe();
  }

  private powerCycle(why: string): void {
    this.stats.powerCycles++;
    this.mqttFailures = 0;
    this.pdpFailures = 0;
    this.timeouts = 0;
    this.linkDown();
    this.setState(S.MODEM_POWERING_OFF, why);
    this.later(ACT_POWER_OFF, this.backoff.next());
  }

  private powerOffDone(status: number): void {
    if (status === AT_ABORTED) return;
    // OK: wait for POWERED DOWN; silence: the module is hung, pulse it.
    this.later(ACT_PULSE_START, status === AT_OK ? this.c.powerOffWaitMs : 0);
  }

  // ---- the bring-up runner ----

  private enterStep(index: number): void {
    this.stepIndex = index;
    this.stepRetries = 0;
    this.ctx.attempt = 0;
    this.waitSince = this.o.clock.now();
    if (index >= BRING_UP.length) return this.becomeOnline();
    // From the next poll, not this turn: a step's completion and the next command's line
    // (topics, credentials) together made the longest turn of bring-up.
    this.later(ACT_STEP, 0);
  }

  private runStep(): void {
    // Still owed to the module from an aborted publish: come back when it is settled.
    if (this.engine.busy) return this.later(ACT_STEP, 20);
    const step = BRING_UP[this.stepIndex];
    if (step.skip(this.ctx)) return this.enterStep(this.stepIndex + 1);
    const cmd = this.stepCmd;
    this.setState(step.state, step.name);
    cmd.response = step.responses === null ? null : step.responses[this.ctx.attempt % step.responses.length];
    cmd.result = step.result;
    cmd.timeoutMs = step.timeoutMs(this.c);
    cmd.resultTimeoutMs = step.resultTimeoutMs(this.c);
    this.lineOutcome = O.OUTCOME_NONE;
    step.request(this.engine.builder, this.ctx);
    if (!this.engine.send(cmd)) this.applyOutcome(O.OUTCOME_CONFIG_ERROR, step);
  }

  private stepLine(bytes: Uint8Array, offset: number, length: number): void {
    const step = BRING_UP[this.stepIndex];
    const cmd = this.stepCmd;
    const prefix = cmd.result !== null && startsWith(bytes, offset, length, cmd.result) ? cmd.result : cmd.response;
    if (prefix === null) return;
    this.fields.read(bytes, offset + prefix.length, offset + length);
    const outcome = step.line(this.fields, bytes, this.ctx);
    if (outcome !== O.OUTCOME_NONE) this.lineOutcome = outcome;
  }

  private stepDone(status: number, code: number): void {
    if (status === AT_ABORTED || this.tooManyTimeouts(status)) return;
    const step = BRING_UP[this.stepIndex];
    this.applyOutcome(step.done(status, code, this.lineOutcome, this.ctx), step);
  }

  private applyOutcome(outcome: number, step: Step): void {
    switch (outcome) {
      case O.OUTCOME_NEXT:
        return this.stepSucceeded(1);
      case O.OUTCOME_SKIP:
        return this.stepSucceeded(2);
      case O.OUTCOME_WAIT:
        return this.waitAndRepeat(step);
      case O.OUTCOME_RETRY:
        return this.retry(step);
      default:
        return this.escalate(outcome, step.name);
    }
  }

  private stepSucceeded(advance: number): void {
    const name = BRING_UP[this.stepIndex].name;
    if (name === "pdp activate" || name === "pdp state") this.pdpActive = true;
    if (name === "mqtt open") this.mqttOpen = true;
    this.enterStep(this.stepIndex + advance);
  }

  private waitAndRepeat(step: Step): void {
    if (this.o.clock.now() - this.waitSince >= step.waitDeadlineMs(this.c)) {
      return this.escalate(step.escalation === O.OUTCOME_RETRY ? O.OUTCOME_POWER_CYCLE : step.escalation, step.name + " deadline");
    }
    this.ctx.attempt++;
    this.later(ACT_STEP, step.waitMs(this.c));
  }

  private retry(step: Step): void {
    if (++this.stepRetries > this.c.stepRetries) {
      return this.escalate(step.escalation === O.OUTCOME_RETRY ? O.OUTCOME_POWER_CYCLE : step.escalation, step.name + " failed");
    }
    this.setState(S.MODEM_BACKOFF, step.name + " retry " + this.stepRetries);
    this.later(ACT_STEP, this.c.backoffMinMs * this.stepRetries);
  }

  private escalate(outcome: number, why: string): void {
    switch (outcome) {
      case O.OUTCOME_REOPEN:
        return this.reopen(why);
      case O.OUTCOME_REACTIVATE:
        return this.reactivate(why);
      case O.OUTCOME_AUTH_FAILED:
        return this.credentialsRefused();
      case O.OUTCOME_NO_SIM:
        return this.noSim();
      case O.OUTCOME_CONFIG_ERROR:
        return this.configError(why);
      default:
        return this.powerCycle(why);
    }
  }

  // ---- recovery ----

  /** Leaving a link that had been stable for a while: start recovery from the bottom. */
  private leaveOnline(): void {
    if (this.onlineSince < 0) return;
    if (this.o.clock.now() - this.onlineSince >= this.c.stableOnlineMs) {
      this.backoff.reset();
      this.mqttFailures = 0;
      this.pdpFailures = 0;
    }
    this.onlineSince = -1;
  }

  private reopen(why: string): void {
    this.leaveOnline();
    if (++this.mqttFailures > this.c.mqttFailuresBeforePdp) return this.reactivate(why + "; mqtt keeps failing");
    this.linkDown();
    this.setState(S.MODEM_RECOVERING, "reopen mqtt: " + why);
    this.later(ACT_CLOSE_MQTT, this.backoff.next());
  }

  private reactivate(why: string): void {
    this.leaveOnline();
    if (++this.pdpFailures > this.c.pdpFailuresBeforePower) return this.powerCycle(why + "; pdp keeps failing");
    this.mqttFailures = 0;
    this.linkDown();
    this.pdpActive = false;
    this.setState(S.MODEM_RECOVERING, "reactivate pdp: " + why);
    this.later(ACT_DEACTIVATE, this.backoff.next());
  }

  private afterRecoveryCommand(status: number, resume: number): void {
    if (status === AT_ABORTED || this.tooManyTimeouts(status)) return;
    this.enterStep(resume);
  }

  private credentialsRefused(): void {
    this.stats.authFailures++;
    this.linkDown();
    this.setState(S.MODEM_AUTH_FAILED, "broker refused the device credentials");
    this.later(ACT_CLOSE_MQTT, this.credentialBackoff.next());
  }

  private configError(why: string): void {
    this.linkDown();
    this.setState(S.MODEM_CONFIG_ERROR, why);
    this.later(ACT_CLOSE_MQTT, this.credentialBackoff.next());
  }

  private noSim(): void {
    this.linkDown();
    this.stepIndex = STEP_SIM;
    this.setState(S.MODEM_NO_SIM, "insert or unlock the SIM");
    this.later(ACT_STEP, this.c.simRetryMs);
  }

  /** Counts consecutive timeouts; a module that stops answering gets power-cycled. */
  private tooManyTimeouts(status: number): boolean {
    if (status !== AT_TIMEOUT) {
      this.timeouts = 0;
      return false;
    }
    this.stats.commandTimeouts++;
    if (++this.timeouts < this.c.commandTimeoutsBeforePower) return false;
    this.powerCycle("module stopped answering");
    return true;
  }

  private linkDown(): void {
    this.leaveOnline();
    this.mqttOpen = false;
    this.engine.abort(false);
  }

  // ---- online ----

  // The backoff is not reset here: a link that drops right after connecting (a second
  // device with the same credentials, a flapping cell) must keep backing off.
  private becomeOnline(): void {
    this.credentialBackoff.reset();
    this.onlineSince = this.o.clock.now();
    this.nextLinkCheck = this.o.clock.now() + this.c.linkCheckMs;
    this.setState(S.MODEM_ONLINE, "");
    this.kick();
  }

  private linkCheck(): void {
    this.linkState = -1;
    this.engine.begin("AT+QMTCONN?");
    this.engine.send(this.linkCheckCmd);
  }

  // `+QMTCONN: <idx>,<state>`: 3 is connected.
  private linkCheckLine(bytes: Uint8Array, offset: number, length: number): void {
    const f = this.fields;
    f.read(bytes, offset + QMTCONN.length, offset + length);
    if (f.int(0, -1) === this.c.clientIndex) this.linkState = f.int(1, -1);
  }

  private linkCheckDone(status: number): void {
    if (status === AT_ABORTED || this.tooManyTimeouts(status)) return;
    if (status === AT_OK && this.linkState === 3) {
      this.nextLinkCheck = this.o.clock.now() + this.c.linkCheckMs;
      return;
    }
    this.stats.mqttDrops++;
    this.reopen("link check: mqtt state " + this.linkState);
  }

  private publishTrouble(why: number): void {
    if (why === PUBLISH_TIMED_OUT && this.tooManyTimeouts(AT_TIMEOUT)) return;
    this.nextLinkCheck = 0;
  }

  // ---- inbound ----

  // The only counted URC registered is +QMTRECV, and its reader holds the header's fields.
  private recv(bytes: Uint8Array, at: number, body: number): void {
    const r = this.qmtRecv;
    if (r.client !== this.c.clientIndex) return;
    const text = this.o.text;
    const topicAt = at + r.topicOffset;
    const topic = text ? text.decode(bytes, topicAt, r.topicLength) : utf8(bytes, topicAt, r.topicLength);
    // A handler that throws is its own fault, not lost bytes: report it here, and the parser
    // goes on with the rest of the chunk.
    try {
      this.o.onMessage(topic, text ? text.decode(bytes, body, r.bodyLength) : utf8(bytes, body, r.bodyLength));
    } catch (error) {
      this.stats.handlerErrors++;
      this.o.log("error", "message on " + topic + " (" + r.msgId + "): handler failed: " + String(error));
    }
  }

  private recvError(reason: number): void {
    const r = this.qmtRecv;
    this.stats.badFrames++;
    this.o.log("warn", "dropped +QMTRECV " + r.client + "," + r.msgId + ": " + (reason === COUNTED_CORRUPT ? "corrupt (bytes lost)" : "too large"));
  }

  // ---- URCs ----

  moduleReady(): void {
    const expected = this.state === S.MODEM_BOOTING || this.state === S.MODEM_POWERING_ON || this.state === S.MODEM_PROBING;
    if (!expected) {
      this.stats.reboots++;
      this.o.log("warn", "module rebooted: re-applying all settings");
    }
    this.linkDown();
    this.pdpActive = false;
    this.wakeAt = -1;
    this.enterStep(0);
  }

  poweredDown(): void {
    this.linkDown();
    this.pdpActive = false;
    if (this.state !== S.MODEM_POWERING_OFF) this.setState(S.MODEM_OFF, "module powered down");
    this.later(ACT_PULSE_START, this.state === S.MODEM_POWERING_OFF ? 0 : this.c.backoffMinMs);
  }

  mqttClosed(client: number, err: number): void {
    if (client !== this.c.clientIndex || !this.mqttOpen) {
      this.stats.staleUrcs++;
      return;
    }
    this.stats.mqttDrops++;
    this.reopen("+QMTSTAT " + err);
  }

  pdpDeactivated(cid: number): void {
    if (cid !== 1 || !this.pdpActive) {
      this.stats.staleUrcs++;
      return;
    }
    this.stats.pdpDrops++;
    this.reactivate("network deactivated pdp");
  }

  registration(stat: number): void {
    if (registered(stat)) return this.registeredNow();
    if (this.stepIndex <= STEP_REGISTRATION) return;
    this.stats.registrationLosses++;
    this.linkDown();
    this.pdpActive = false;
    this.setState(S.MODEM_REGISTERING, "registration lost (stat " + stat + ")");
    this.stepIndex = STEP_REGISTRATION;
    this.waitSince = this.o.clock.now();
    this.ctx.attempt = 0;
    this.later(ACT_STEP, this.c.registrationPollMs);
  }

  // Waiting to poll registration again: the URC says it is done, so ask now.
  private registeredNow(): void {
    if (this.stepIndex === STEP_REGISTRATION && this.wakeAction === ACT_STEP && !this.engine.busy) this.later(ACT_STEP, 0);
  }

  simNotReady(): void {
    if (this.stepIndex <= STEP_SIM) return;
    this.noSim();
  }
}
