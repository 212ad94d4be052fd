import { AtEngine } from "../at/engine";
import { startsWith } from "../at/bytes";
import { AT_ABORTED, AT_OK, AT_TIMEOUT, AtCommand, command, Urc } from "../at/command";
import { Fields } from "../at/fields";
import type { Clock, Crypto, Log, OutputPin, SerialPort, TextDecoding } from "../hal";
import { Backoff } from "./backoff";
import { CaFile } from "./ca-file";
import type { ModemConfig } from "./config";
import { Dialect, DialectEnv, Inbound, ModemEvents, PUBLISH_TIMED_OUT, RecoveryCommand } from "./dialect";
import { DIALECTS, dialectNamed, everyDialectsUrcs, MODEM_AUTO } from "./dialects";
import { identify, Identity, pwrkeyPulseFor } from "./identify";
import { loginFromConfig, MqttLogin } from "./login";
import { LoginSigner } from "./login-signer";
import * as O from "./outcome";
import * as P from "./phase";
import { Publisher, PublishTrouble } from "./publisher";
import * as S from "./states";
import { registered } from "./steps";
import { Effect, EFFECT_MQTT_OPEN, EFFECT_NONE, EFFECT_PDP_ACTIVE, Mark, MARK_MQTT_OPEN, MARK_REGISTRATION, MARK_SIM, Step, StepContext } from "./step";

/** ATI is asked this many times before a silent module is taken for an EC600S. */
const ATI_ATTEMPTS = 3;

/** An IMEI (15 digits) or IMEISV, as AT+CGSN answers it: digits, length checked apart. */
const DIGITS = /^[0-9]+$/;

function isImei(line: string): boolean {
  return line.length >= 14 && line.length <= 17 && DIGITS.test(line);
}

export interface ModemOptions {
  serial: SerialPort;
  clock: Clock;
  /** Asserted (1) for the PWRKEY pulse; the host maps it to the wiring's level. */
  pwrkey: OutputPin;
  log: Log;
  config: ModemConfig;
  /** The module's dialect (default: the first of DIALECTS, the EC600S). */
  dialect?: Dialect;
  /** How to log in to the broker (default: the config's Aliyun device triple). */
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
  /** The host's native HMAC, if it has one (hal.ts); for dialects that sign the login. */
  crypto?: Crypto;
  /**
   * Read the module's IMEI (`AT+CGSN`, 27.007: every module answers it) into
   * `identity.imei` before bring-up: a device named by its IMEI (dynamic registration).
   */
  readImei?: boolean;
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
  /** TLS handshakes the module reported failed (the broker's certificate did not verify). */
  tlsRefusals: number;
}

/** TLS refusals in a row before the certificate is blamed (and the long backoff taken). */
const TLS_REFUSALS_FOR_CERTIFICATE = 2;

function markedStep(steps: Step[], mark: Mark): number {
  // Stryker disable next-line EqualityOperator: every dialect marks each resume point (dialects.test.ts), so the loop returns before the end
  for (let i = 0; i < steps.length; i++) if (steps[i].mark === mark) return i;
  return 0;
}

/**
 * The generic cellular runner: bring-up from the dialect's steps, steady-state publishing,
 * and recovery from every fault the module reports (or fails to report). Its control state
 * is one phase (phase.ts) with a handler each; what it shows is `state`/`reason`/`onState`.
 * Escalation: retry the step, reopen MQTT, reactivate PDP, power-cycle the module, each
 * behind an exponential backoff with jitter.
 */
export class Modem implements ModemEvents {
  readonly engine: AtEngine;
  readonly publisher: Publisher;
  dialect: Dialect;
  /** What `ATI` said (`modem=auto`), for the console; "" until then. */
  readonly identity: Identity = { model: "", revision: "", imei: "" };
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
    tlsRefusals: 0,
  };
  /** What it shows (for logs and the console). */
  state: S.DisplayState = S.MODEM_OFF;
  reason = "";
  /** What it does. */
  phase: P.Phase = P.PHASE_IDLE;
  private readonly o: ModemOptions;
  private readonly c: ModemConfig;
  private steps: Step[];
  private inbound: Inbound;
  private readonly env: DialectEnv;
  /** The engine's URC table: the dialect's, refilled in place when identification picks another. */
  private readonly urcTable: Urc[];
  private readonly fields = new Fields(8);
  /** A step's bytes for after the prompt (a topic to subscribe). */
  private readonly stepData = new Uint8Array(256);
  private readonly backoff: Backoff;
  private readonly credentialBackoff: Backoff;
  private readonly ctx: StepContext;
  private readonly stepCmd: AtCommand;
  private readonly probeCmd: AtCommand;
  private closeCmd: AtCommand;
  private deactivateCmd: AtCommand;
  private powerOffCmd: AtCommand;
  private readonly linkCheckCmd: AtCommand;
  /** A handler per phase, indexed by phase: the tuple's length is checked against Phase. */
  private readonly handlers: PhaseHandlers;
  /** Resume points, from the steps' marks. */
  private stepSim = 0;
  private stepRegistration = 0;
  private stepMqttOpen = 0;
  /** `modem=auto` and not identified yet: `ATI` comes before bring-up. */
  private identifying: boolean;
  private readonly identifyCmd: AtCommand;
  // Stryker disable next-line ArrayDeclaration: emptied before each ATI and AT+CGSN
  private readonly atiLines: string[] = [];
  /** ATIs sent without an answer. */
  private atiTries = 0;
  private readonly imeiCmd: AtCommand;
  /** The identify phase is waiting for AT+CGSN (not ATI). */
  private askingImei = false;
  /** How long PWRKEY is held: the config's, lengthened to the module's minimum once it is known. */
  private pulseMs: number;
  /** The phase's one timer, or -1. */
  // Stryker disable next-line UnaryOperator: a timer before start() finds the idle phase, which ignores it
  private wakeAt = -1;
  // Phase data. PROBE: probes sent; PULSE: the key is down; STEP: which, how it went;
  // RECOVER: what is owed and where to resume; POWER_OFF: the command went out.
  private probes = 0;
  // Stryker disable next-line BooleanLiteral: enterPulse() clears it before the pulse phase reads it
  private pressed = false;
  private stepIndex = 0;
  private stepRetries = 0;
  private waitSince = 0;
  private lineOutcome: O.LineOutcome = O.OUTCOME_NONE;
  private owed = P.OWE_NOTHING;
  private resumeAt = 0;
  // Stryker disable next-line BooleanLiteral: powerCycle() clears it before the power-off phase reads it
  private powerOffSent = false;
  // Escalation counters.
  private mqttFailures = 0;
  /** TLS refusals in a row (since the last time online). */
  private tlsFailures = 0;
  private pdpFailures = 0;
  private timeouts = 0;
  // What the module has established (steps' effects), so a URC about it is news or stale.
  private mqttOpen = false;
  private pdpActive = false;
  // Stryker disable next-line UnaryOperator: linkCheck() sets -1 before each check reads it
  private linkState = -1;
  private nextLinkCheck = 0;
  // Stryker disable next-line UnaryOperator: a positive start only makes the first leaveOnline() reset counters that nothing has raised yet
  private onlineSince = -1;
  private msgId = 0;
  /** release(): close and deactivate, then stay idle. */
  private releasing = false;
  /** The module is left clean for another driver (release() is done). */
  released = false;

  constructor(options: ModemOptions) {
    this.o = options;
    const c = (this.c = options.config);
    const dialect = (this.dialect = options.dialect ?? dialectNamed(c.modem) ?? DIALECTS[0]);
    this.identifying = options.dialect === undefined && c.modem === MODEM_AUTO;
    this.pulseMs = this.identifying ? c.pwrkeyPulseMs : pwrkeyPulseFor(dialect, c.pwrkeyPulseMs);
    this.steps = dialect.steps;
    this.bindSteps(dialect.steps);
    const random = options.random ?? Math.random;
    this.backoff = new Backoff(c.backoffMinMs, c.backoffMaxMs, random);
    this.credentialBackoff = new Backoff(c.credentialBackoffMs, c.credentialBackoffMaxMs, random);
    const login = options.login ?? loginFromConfig(c);
    const env: DialectEnv = (this.env = { config: c, login: login, log: options.log, events: this, text: options.text });
    const inbound = (this.inbound = dialect.inbound(env));
    // Not identified yet: every module's boot and power lines are heard (an A7670 says
    // `*ATREADY: 1`, not `RDY`); identification binds the one dialect's table.
    this.urcTable = this.identifying ? everyDialectsUrcs(env) : dialect.urcs(env).concat(inbound.lines);
    this.engine = new AtEngine({
      serial: options.serial,
      clock: options.clock,
      log: options.log,
      urcs: this.urcTable,
      counted: inbound.readers,
      onCounted: (urc, b, at, body) => this.inbound.counted(urc, b, at, body),
      onCountedError: (urc, reason) => this.inbound.error(urc, reason),
      onEcho: () => this.echoed(),
      rxCapacity: c.payloadBytes + 512,
    });
    this.publisher = new Publisher({ engine: this.engine, config: c, log: options.log, dialect: dialect, onTrouble: (why) => this.publishTrouble(why), text: options.text });
    this.ctx = {
      config: c,
      login: login,
      subscriptions: options.subscriptions,
      attempt: 0,
      msgId: 0,
      nextMsgId: () => (this.msgId = this.msgId >= 65535 ? 1 : this.msgId + 1),
      signer: new LoginSigner(options.crypto),
      ca: caFileFor(c),
    };
    this.ctx.signer.secureMode = secureModeFor(c);
    this.stepCmd = command("step", 0, (s, code) => this.handle(P.EV_STEP_DONE, s, code));
    this.stepCmd.onLine = (b, off, len) => this.stepLine(b, off, len);
    // Stryker disable next-line UnaryOperator: the probe handler reads no second argument
    this.probeCmd = command("probe", c.probeTimeoutMs, (s) => this.handle(P.EV_PROBE_DONE, s, -1));
    // Stryker disable next-line UnaryOperator: no handler reads a second argument with this event
    this.closeCmd = recoveryCommand(dialect.close, c, (s) => this.handle(P.EV_CLOSE_DONE, s, -1));
    // Stryker disable next-line UnaryOperator: as above
    this.deactivateCmd = recoveryCommand(dialect.deactivate, c, (s) => this.handle(P.EV_DEACTIVATE_DONE, s, -1));
    // Stryker disable next-line UnaryOperator: as above
    this.powerOffCmd = recoveryCommand(dialect.powerDown, c, (s) => this.handle(P.EV_POWER_OFF_DONE, s, -1));
    // Stryker disable next-line UnaryOperator: as above
    this.linkCheckCmd = command("link check", c.atTimeoutMs, (s) => this.handle(P.EV_LINK_CHECK_DONE, s, -1));
    this.linkCheckCmd.response = dialect.linkCheck.response;
    this.linkCheckCmd.onLine = (b, off, len) => this.linkCheckLine(b, off, len);
    // Stryker disable next-line UnaryOperator: as above
    this.identifyCmd = command("identify", c.atTimeoutMs, (s) => this.handle(P.EV_IDENTIFY_DONE, s, -1));
    // Every line of ATI's answer (they share no prefix).
    this.identifyCmd.response = new Uint8Array(0);
    this.identifyCmd.onLine = (b, off, len) => void this.atiLines.push(latin1(b, off, len));
    // Stryker disable next-line UnaryOperator: as above
    this.imeiCmd = command("imei", c.atTimeoutMs, (s) => this.handle(P.EV_IDENTIFY_DONE, s, -1));
    this.imeiCmd.response = new Uint8Array(0);
    this.imeiCmd.onLine = (b, off, len) => void this.atiLines.push(latin1(b, off, len));
    this.handlers = [
      ignore,
      (ev, a) => this.onProbe(ev, a),
      (ev) => this.onPulse(ev),
      (ev) => this.onBoot(ev),
      (ev, a, b) => this.onStep(ev, a, b),
      (ev, a) => this.onRecover(ev, a),
      (ev, a) => this.onPowerOff(ev, a),
      (ev, a) => this.onOnline(ev, a),
      (ev, a) => this.onIdentify(ev, a),
    ];
  }

  /**
   * Run `dialect` from now on (identification chose it): its steps, URC table, message
   * framing, publish and recovery commands and link check. Once per boot, between commands.
   */
  private bindDialect(dialect: Dialect): void {
    const c = this.c;
    this.dialect = dialect;
    this.bindSteps(dialect.steps);
    const inbound = (this.inbound = dialect.inbound(this.env));
    const urcs = dialect.urcs(this.env).concat(inbound.lines);
    this.urcTable.splice(0, this.urcTable.length);
    for (let i = 0; i < urcs.length; i++) this.urcTable.push(urcs[i]);
    this.engine.parser.setCounted(inbound.readers);
    this.publisher.use(dialect);
    // Stryker disable next-line UnaryOperator: no handler reads a second argument with these events (as in the constructor)
    this.closeCmd = recoveryCommand(dialect.close, c, (s) => this.handle(P.EV_CLOSE_DONE, s, -1));
    // Stryker disable next-line UnaryOperator: as above
    this.deactivateCmd = recoveryCommand(dialect.deactivate, c, (s) => this.handle(P.EV_DEACTIVATE_DONE, s, -1));
    // Stryker disable next-line UnaryOperator: as above
    this.powerOffCmd = recoveryCommand(dialect.powerDown, c, (s) => this.handle(P.EV_POWER_OFF_DONE, s, -1));
    this.linkCheckCmd.response = dialect.linkCheck.response;
  }

  private bindSteps(steps: Step[]): void {
    this.steps = steps;
    this.stepSim = markedStep(steps, MARK_SIM);
    this.stepRegistration = markedStep(steps, MARK_REGISTRATION);
    this.stepMqttOpen = markedStep(steps, MARK_MQTT_OPEN);
  }

  get online(): boolean {
    return this.phase === P.PHASE_ONLINE;
  }

  get stateName(): string {
    return S.MODEM_STATE_NAMES[this.state];
  }

  /** Name of the bring-up step in progress (for the console). */
  get stepName(): string {
    return this.steps[this.stepIndex] ? this.steps[this.stepIndex].name : "";
  }

  /** Begin: probe the module, power it on only if it is silent. */
  start(): void {
    this.probes = 0;
    // Stryker disable next-line UnaryOperator: a timer while the probe is in flight waits for it (the engine is busy), and the probe's end sets the next
    this.enter(P.PHASE_PROBE, -1);
    this.sendProbe();
  }

  receive(bytes: Uint8Array, length: number, words?: Int32Array): void {
    this.engine.receive(bytes, length, words);
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

  /**
   * Leave the module clean for another driver (dynamic registration hands it to the
   * firmware's, which logs in with another client id: a SIMCom module keeps its client
   * acquired with the old one): close the MQTT client and deactivate, then stay idle.
   * `released` says when; each command has its timeout.
   */
  release(): void {
    if (this.releasing) return;
    this.releasing = true;
    this.linkDown();
    this.owed = P.OWE_CLOSE | P.OWE_DEACTIVATE;
    this.setState(S.MODEM_RECOVERING, "release");
    this.enter(P.PHASE_RECOVER, 0);
  }

  /** Call from one repeating timer. */
  poll(): void {
    this.engine.poll();
    if (
      !this.engine.busy &&
      // Stryker disable next-line ConditionalExpression: a phase without a timer (-1) waits on its own command (the engine is busy) or ignores timers (IDLE, ONLINE)
      this.wakeAt >= 0 &&
      this.o.clock.now() >= this.wakeAt
    ) {
      // Stryker disable next-line UnaryOperator: every timer handler sets the next timer, or sends a command (busy) whose end does
      this.wakeAt = -1;
      this.handle(P.EV_TIMER, 0, 0);
    }
    this.kick();
  }

  // ---- the state machine ----

  /** Leave the current phase (dropping its timer) and enter `phase`, its timer `delayMs` away (-1: none). */
  private enter(phase: P.Phase, delayMs: number): void {
    this.phase = phase;
    this.wake(delayMs);
  }

  /** Set the current phase's timer. */
  private wake(delayMs: number): void {
    // Stryker disable next-line UnaryOperator,ConditionalExpression: a phase entered without a timer waits on its own command (busy) or ignores timers, so one due at once (now - 1) changes nothing
    this.wakeAt = delayMs < 0 ? -1 : this.o.clock.now() + delayMs;
  }

  /**
   * One event to the current phase's handler. A command aborted by whoever changed the
   * phase reports nothing: the new phase already owns what happens next.
   */
  private handle(ev: P.ModemEvent, a: number, b: number): void {
    if (P.isCommandDone(ev) && a === AT_ABORTED) return;
    this.handlers[this.phase](ev, a, b);
  }

  private setState(state: S.DisplayState, reason: string): void {
    if (state === this.state && reason === this.reason) return;
    this.state = state;
    this.reason = reason;
    this.o.log("info", "modem " + S.MODEM_STATE_NAMES[state] + (reason ? ": " + reason : ""));
    if (this.o.onState) this.o.onState(state, reason);
  }

  // ---- power and boot ----

  private onProbe(ev: P.ModemEvent, status: number): void {
    if (ev === P.EV_TIMER) return this.sendProbe();
    if (ev !== P.EV_PROBE_DONE) return;
    if (status === AT_OK) return this.bringUp();
    if (++this.probes < this.c.probeAttempts) return this.wake(0);
    this.probes = 0;
    this.enterPulse(0);
  }

  /** Bring-up from the first step, after identifying the module if that is still to do. */
  private bringUp(): void {
    if (!this.identifying) return this.o.readImei && this.identity.imei === "" ? this.askImei() : this.enterStep(0);
    this.atiTries = 0;
    // Stryker disable next-line UnaryOperator: ATI goes out now and keeps the engine busy; its end sets what follows
    this.enter(P.PHASE_IDENTIFY, -1);
    this.setState(S.MODEM_CONFIGURING, "identify");
    this.sendAti();
  }

  private sendAti(): void {
    this.atiLines.splice(0, this.atiLines.length);
    this.engine.begin("ATI");
    this.engine.send(this.identifyCmd);
  }

  private onIdentify(ev: P.ModemEvent, status: number): void {
    if (ev === P.EV_TIMER && !this.askingImei) return this.sendAti();
    if (ev !== P.EV_IDENTIFY_DONE) return;
    if (this.askingImei) return this.imeiDone(status);
    // No answer (bytes lost, a busy module): ask again before settling for a guess.
    if (status !== AT_OK && ++this.atiTries < ATI_ATTEMPTS) return this.wake(this.c.backoffMinMs);
    if (status !== AT_OK) this.atiLines.splice(0, this.atiLines.length);
    this.identified();
  }

  private identified(): void {
    const found = identify(this.atiLines, this.identity, this.c.pwrkeyPulseMs);
    this.atiLines.splice(0, this.atiLines.length);
    if (found.warning) this.o.log("warn", "modem: " + found.warning);
    this.identifying = false;
    this.o.log("info", "modem identified: " + this.identity.model + " " + this.identity.revision + " (" + found.dialect.name + ")");
    this.bindDialect(found.dialect);
    this.pulseMs = pwrkeyPulseFor(found.dialect, this.c.pwrkeyPulseMs);
    this.bringUp();
  }

  private askImei(): void {
    this.atiLines.splice(0, this.atiLines.length);
    this.askingImei = true;
    // Stryker disable next-line UnaryOperator: AT+CGSN goes out now and keeps the engine busy, its end sets what follows, and this phase ignores timers while asking it
    this.enter(P.PHASE_IDENTIFY, -1);
    this.setState(S.MODEM_CONFIGURING, "imei");
    this.engine.begin("AT+CGSN");
    this.engine.send(this.imeiCmd);
  }

  /** The first line of 14-17 digits; without one bring-up goes on, and whoever needs it says so. */
  private imeiDone(status: number): void {
    // Stryker disable next-line BooleanLiteral: identification is over by now, so only askImei() enters this phase again, and it sets this first
    this.askingImei = false;
    const lines = this.atiLines;
    for (let i = 0; status === AT_OK && i < lines.length && this.identity.imei === ""; i++) if (isImei(lines[i])) this.identity.imei = lines[i];
    lines.splice(0, lines.length);
    if (this.identity.imei === "") this.o.log("warn", "modem: no IMEI in the answer to AT+CGSN");
    else this.o.log("info", "modem IMEI " + this.identity.imei);
    this.enterStep(0);
  }

  private sendProbe(): void {
    this.setState(S.MODEM_PROBING, "");
    this.engine.begin("AT");
    this.engine.send(this.probeCmd);
  }

  private enterPulse(delayMs: number): void {
    this.pressed = false;
    this.enter(P.PHASE_PULSE, delayMs);
  }

  private onPulse(ev: P.ModemEvent): void {
    if (ev !== P.EV_TIMER) return;
    if (!this.pressed) {
      this.setState(S.MODEM_POWERING_ON, "PWRKEY");
      this.o.pwrkey.write(1);
      this.pressed = true;
      return this.wake(this.pulseMs);
    }
    this.o.pwrkey.write(0);
    this.engine.parser.resync();
    this.setState(S.MODEM_BOOTING, "waiting for RDY");
    this.enter(P.PHASE_BOOT, this.c.bootTimeoutMs);
  }

  // No RDY: maybe it was already on (and the pulse turned it off), maybe RDY was lost.
  private onBoot(ev: P.ModemEvent): void {
    if (ev !== P.EV_TIMER) return;
    this.start();
  }

  private powerCycle(why: string): void {
    this.stats.powerCycles++;
    this.mqttFailures = 0;
    this.pdpFailures = 0;
    this.timeouts = 0;
    this.linkDown();
    this.pdpActive = false;
    this.setState(S.MODEM_POWERING_OFF, why);
    this.powerOffSent = false;
    this.enter(P.PHASE_POWER_OFF, this.backoff.next());
  }

  private onPowerOff(ev: P.ModemEvent, status: number): void {
    if (ev === P.EV_TIMER && !this.powerOffSent) {
      this.powerOffSent = true;
      return this.sendRecovery(this.powerOffCmd, this.dialect.powerDown);
    }
    // The power-down command's OK: wait for POWERED DOWN; its silence: the module is hung, pulse it.
    if (ev === P.EV_POWER_OFF_DONE && status === AT_OK) return this.wake(this.c.powerOffWaitMs);
    if (ev === P.EV_POWER_OFF_DONE || ev === P.EV_TIMER) this.enterPulse(0);
  }

  // ---- the bring-up runner ----

  /** Step `index` (or the first after it that applies) from the next poll. */
  private enterStep(index: number): void {
    const steps = this.steps;
    while (index < steps.length && !steps[index].applies(this.ctx)) index++;
    if (index >= steps.length) {
      this.stepIndex = steps.length;
      return this.becomeOnline();
    }
    // From the next poll, not this turn: a step's completion and the next command's line
    // (topics, credentials) together made the longest turn of bring-up.
    this.resumeStep(index, 0);
  }

  /** Step `index` afresh, `delayMs` from now. */
  private resumeStep(index: number, delayMs: number): void {
    this.stepIndex = index;
    this.stepRetries = 0;
    this.ctx.attempt = 0;
    this.waitSince = this.o.clock.now();
    this.enter(P.PHASE_STEP, delayMs);
  }

  private onStep(ev: P.ModemEvent, a: number, b: number): void {
    if (ev === P.EV_TIMER) return this.runStep();
    if (ev === P.EV_STEP_DONE) return this.stepDone(a, b);
    // Stryker disable next-line ConditionalExpression: any other event would fall to onStepLink's default, which does nothing either
    if (P.isLinkEvent(ev)) this.onStepLink(ev, a);
  }

  private stepDone(status: number, code: number): void {
    if (this.tooManyTimeouts(status)) return;
    const step = this.steps[this.stepIndex];
    this.applyOutcome(step.done(status, code, this.lineOutcome, this.ctx), step);
  }

  private onStepLink(ev: P.LinkEvent, a: number): void {
    switch (ev) {
      case P.EV_REGISTERED:
        return this.registeredNow();
      case P.EV_REGISTRATION_LOST:
        if (this.stepIndex > this.stepRegistration) this.registrationLost(a);
        return;
      case P.EV_SIM_LOST:
        if (this.stepIndex > this.stepSim) this.noSim();
        return;
      case P.EV_MQTT_CLOSED:
      case P.EV_PDP_LOST:
        return this.linkLost(ev, a);
      // Stryker disable next-line ConditionalExpression: unreachable() does nothing at run time; it is there for the compiler's exhaustiveness check
      default:
        O.unreachable(ev);
    }
  }

  // Waiting to poll registration again: the URC says it is done, so ask as soon as the engine
  // is free (a capability beside the runner may hold it). A query in flight sets its own next
  // poll when it ends.
  private registeredNow(): void {
    if (this.stepIndex === this.stepRegistration) this.wake(0);
  }

  private runStep(): void {
    const step = this.steps[this.stepIndex];
    const cmd = this.stepCmd;
    this.setState(step.state, step.name);
    if (step.prepare !== null && !step.prepare(this.ctx)) return this.wake(0);
    // A login that cannot be signed is not sent unsigned: the broker's refusal would blame the
    // credentials, where the fault is a secret or id too long for the signer.
    const unsigned = this.ctx.signer.error;
    if (unsigned !== null) return this.escalate(O.OUTCOME_CONFIG_ERROR, step.name + ": " + unsigned);
    // The request first: it decides which command this is (the CA upload step deletes a torn
    // file instead, with no bytes after it), and the data phase follows from that.
    step.request(this.engine.builder, this.ctx);
    if (!this.loadData(step)) return this.applyOutcome(O.OUTCOME_CONFIG_ERROR, step);
    cmd.response = step.responses === null ? null : step.responses[this.ctx.attempt % step.responses.length];
    cmd.result = step.result;
    cmd.timeoutMs = step.timeoutMs(this.c);
    cmd.resultTimeoutMs = step.resultTimeoutMs(this.c);
    this.lineOutcome = O.OUTCOME_NONE;
    if (!this.engine.send(cmd)) this.applyOutcome(O.OUTCOME_CONFIG_ERROR, step);
  }

  /** The step's bytes for after the prompt, if it has any; false if they do not fit. */
  private loadData(step: Step): boolean {
    const cmd = this.stepCmd;
    cmd.data = null;
    cmd.dataLength = 0;
    if (step.file !== null) {
      const file = step.file(this.ctx);
      if (file === null) return true;
      cmd.data = file;
      cmd.dataLength = file.length;
      return file.length > 0;
    }
    if (step.data === null) return true;
    cmd.data = this.stepData;
    cmd.dataLength = step.data(this.ctx, this.stepData);
    return cmd.dataLength > 0;
  }

  private stepLine(bytes: Uint8Array, offset: number, length: number): void {
    const step = this.steps[this.stepIndex];
    const cmd = this.stepCmd;
    const prefix = cmd.result !== null && startsWith(bytes, offset, length, cmd.result) ? cmd.result : cmd.response;
    // Stryker disable next-line ConditionalExpression: the engine passes on only lines that start with the result or the response, so one of them is set
    if (prefix === null) return;
    this.fields.read(bytes, offset + prefix.length, offset + length);
    const outcome = step.line(this.fields, bytes, this.ctx);
    if (outcome !== O.OUTCOME_NONE) this.lineOutcome = outcome;
  }

  private applyOutcome(outcome: O.Outcome, step: Step): void {
    if (O.isEscalation(outcome)) return this.escalate(outcome, step.name);
    switch (outcome) {
      case O.OUTCOME_NEXT:
        this.takeEffect(step.effect);
        return this.enterStep(this.stepIndex + 1);
      case O.OUTCOME_SKIP:
        return this.skipNext();
      case O.OUTCOME_WAIT:
        return this.waitAndRepeat(step);
      case O.OUTCOME_RETRY:
        return this.retry(step);
      case O.OUTCOME_REPEAT:
        this.ctx.attempt++;
        return this.wake(0);
      default:
        O.unreachable(outcome);
        return this.powerCycle(step.name + ": unknown outcome");
    }
  }

  // The next step's work is already done on the module: so is its effect.
  private skipNext(): void {
    const next = this.steps[this.stepIndex + 1];
    this.takeEffect(next ? next.effect : EFFECT_NONE);
    this.enterStep(this.stepIndex + 2);
  }

  private takeEffect(effect: Effect): void {
    switch (effect) {
      case EFFECT_NONE:
        return;
      case EFFECT_PDP_ACTIVE:
        this.pdpActive = true;
        return;
      case EFFECT_MQTT_OPEN:
        this.mqttOpen = true;
        return;
      // Stryker disable next-line ConditionalExpression: unreachable() does nothing at run time; it is there for the compiler's exhaustiveness check
      default:
        O.unreachable(effect);
    }
  }

  private waitAndRepeat(step: Step): void {
    if (this.o.clock.now() - this.waitSince >= step.waitDeadlineMs(this.c)) return this.escalate(step.escalation, step.name + " deadline");
    this.ctx.attempt++;
    this.wake(step.waitMs(this.c));
  }

  private retry(step: Step): void {
    if (++this.stepRetries > this.c.stepRetries) return this.escalate(step.escalation, step.name + " failed");
    this.setState(S.MODEM_BACKOFF, step.name + " retry " + this.stepRetries);
    this.wake(this.c.backoffMinMs * this.stepRetries);
  }

  private escalate(escalation: O.Escalation, why: string): void {
    switch (escalation) {
      case O.OUTCOME_REOPEN:
        return this.reopen(why);
      case O.OUTCOME_REACTIVATE:
        return this.reactivate(why);
      case O.OUTCOME_POWER_CYCLE:
        return this.powerCycle(why);
      case O.OUTCOME_AUTH_FAILED:
        return this.credentialsRefused();
      case O.OUTCOME_NO_SIM:
        return this.noSim();
      case O.OUTCOME_CONFIG_ERROR:
        return this.configError(why);
      case O.OUTCOME_TLS_REFUSED:
        return this.tlsRefused(why);
      default:
        O.unreachable(escalation);
        return this.powerCycle(why);
    }
  }

  // ---- recovery ----

  /**
   * Owe the module `owe` (close, deactivate), then resume bring-up at step `resume`, after
   * a delay from `backoff`. Already recovering: the new debt and the earlier resume point
   * join what was owed, under the timer already running, so nothing owed is ever dropped
   * (a registration loss during a reopen's backoff still closes the client first).
   */
  private enterRecover(owe: number, resume: number, state: S.DisplayState, reason: string, backoff: Backoff): void {
    if (this.phase === P.PHASE_RECOVER) {
      this.owed |= owe;
      this.resumeAt = Math.min(this.resumeAt, resume);
      this.o.log("info", "modem recovering: also " + reason);
      return;
    }
    this.linkDown();
    this.owed = owe;
    this.resumeAt = resume;
    this.setState(state, reason);
    this.enter(P.PHASE_RECOVER, backoff.next());
  }

  private onRecover(ev: P.ModemEvent, a: number): void {
    if (ev === P.EV_TIMER) return this.payDebt();
    if (ev === P.EV_CLOSE_DONE || ev === P.EV_DEACTIVATE_DONE) return this.paid(ev, a);
    // Stryker disable next-line ConditionalExpression: any other event would fall to onRecoverLink's default, which does nothing either
    if (P.isLinkEvent(ev)) this.onRecoverLink(ev, a);
  }

  private paid(ev: typeof P.EV_CLOSE_DONE | typeof P.EV_DEACTIVATE_DONE, status: number): void {
    if (this.tooManyTimeouts(status)) return;
    // Whatever the answer (a client already closed says ERROR), it is no longer owed.
    this.owed &= ev === P.EV_CLOSE_DONE ? ~P.OWE_CLOSE : ~P.OWE_DEACTIVATE;
    this.wake(0);
  }

  /** While recovering, what the module says moves the resume point down; nothing owed is dropped. */
  private onRecoverLink(ev: P.LinkEvent, a: number): void {
    switch (ev) {
      case P.EV_REGISTRATION_LOST:
        return this.registrationLostRecovering(a);
      case P.EV_SIM_LOST:
        this.resumeAt = Math.min(this.resumeAt, this.stepSim);
        return;
      case P.EV_MQTT_CLOSED:
      case P.EV_PDP_LOST:
        return this.linkLost(ev, a);
      // Stryker disable next-line ConditionalExpression: falling through to the default does nothing either
      case P.EV_REGISTERED:
        return;
      // Stryker disable next-line ConditionalExpression: unreachable() does nothing at run time; it is there for the compiler's exhaustiveness check
      default:
        O.unreachable(ev);
    }
  }

  // Bring-up will poll registration before it needs the network again.
  private registrationLostRecovering(stat: number): void {
    if (this.resumeAt <= this.stepRegistration) return;
    this.stats.registrationLosses++;
    this.pdpActive = false;
    this.resumeAt = this.stepRegistration;
    this.o.log("info", "modem recovering: registration lost (stat " + stat + "), resuming at registration");
  }

  /** The next owed command (close before deactivate), or bring-up once nothing is owed. */
  private payDebt(): void {
    if ((this.owed & P.OWE_CLOSE) !== 0) return this.sendRecovery(this.closeCmd, this.dialect.close);
    if ((this.owed & P.OWE_DEACTIVATE) !== 0) return this.sendRecovery(this.deactivateCmd, this.dialect.deactivate);
    if (this.releasing) return this.releaseDone();
    this.enterStep(this.resumeAt);
  }

  private releaseDone(): void {
    // Stryker disable next-line UnaryOperator: the idle phase ignores timers
    this.enter(P.PHASE_IDLE, -1);
    this.released = true;
    this.setState(S.MODEM_OFF, "released");
  }

  private sendRecovery(cmd: AtCommand, spec: RecoveryCommand): void {
    spec.request(this.engine.builder, this.c);
    // Only a dialect bug makes the builder refuse these; waiting would not fix it.
    // Stryker disable next-line UnaryOperator: the recovery commands' handlers read no code
    if (!this.engine.send(cmd)) cmd.onDone(AT_TIMEOUT, -1);
  }

  /** Leaving a link that had been stable for a while: start recovery from the bottom. */
  private leaveOnline(): void {
    // Stryker disable next-line EqualityOperator: online comes after the probe's answer at least, so never at time 0
    if (this.onlineSince < 0) return;
    if (this.o.clock.now() - this.onlineSince >= this.c.stableOnlineMs) {
      this.backoff.reset();
      this.mqttFailures = 0;
      this.pdpFailures = 0;
    }
    this.onlineSince = -1;
  }

  /** Our client closed, or the PDP context dropped, under a running link (STEP, RECOVER, ONLINE). */
  private linkLost(ev: typeof P.EV_MQTT_CLOSED | typeof P.EV_PDP_LOST, err: number): void {
    if (ev === P.EV_MQTT_CLOSED) {
      this.stats.mqttDrops++;
      return this.reopen("closed by the module (" + err + ")");
    }
    this.stats.pdpDrops++;
    this.reactivate("network deactivated pdp");
  }

  private reopen(why: string): void {
    this.leaveOnline();
    if (++this.mqttFailures > this.c.mqttFailuresBeforePdp) return this.reactivate(why + "; mqtt keeps failing");
    this.enterRecover(P.OWE_CLOSE, this.stepMqttOpen, S.MODEM_RECOVERING, "reopen mqtt: " + why, this.backoff);
  }

  private reactivate(why: string): void {
    this.leaveOnline();
    if (++this.pdpFailures > this.c.pdpFailuresBeforePower) return this.powerCycle(why + "; pdp keeps failing");
    this.mqttFailures = 0;
    this.pdpActive = false;
    this.enterRecover(P.OWE_DEACTIVATE, this.stepRegistration, S.MODEM_RECOVERING, "reactivate pdp: " + why, this.backoff);
  }

  private credentialsRefused(): void {
    this.stats.authFailures++;
    this.enterRecover(P.OWE_CLOSE, this.stepMqttOpen, S.MODEM_AUTH_FAILED, "broker refused the device credentials", this.credentialBackoff);
  }

  // The failing step again after a long wait (closing the client first if it got that far).
  private configError(why: string): void {
    const open = this.stepMqttOpen;
    const at = this.stepIndex;
    this.enterRecover(at >= open ? P.OWE_CLOSE : P.OWE_NOTHING, Math.min(at, open), S.MODEM_CONFIG_ERROR, why, this.credentialBackoff);
  }

  // A certificate that does not verify will not verify sooner for hammering: the long backoff,
  // then MQTT opened again (the CA or the broker's certificate may have been fixed meanwhile).
  // But Quectel says -1 for a network that failed under TLS as well: the first refusal in a row
  // is retried like any failed open, and only a second one is taken for the certificate.
  private tlsRefused(why: string): void {
    this.stats.tlsRefusals++;
    if (++this.tlsFailures < TLS_REFUSALS_FOR_CERTIFICATE) return this.reopen(why + ": TLS or network failure, retrying");
    this.configError(why + ": TLS handshake failed (does caCert sign the broker's certificate?)");
  }

  private noSim(): void {
    this.linkDown();
    this.setState(S.MODEM_NO_SIM, "insert or unlock the SIM");
    this.resumeStep(this.stepSim, this.c.simRetryMs);
  }

  private registrationLost(stat: number): void {
    this.stats.registrationLosses++;
    this.linkDown();
    this.pdpActive = false;
    this.setState(S.MODEM_REGISTERING, "registration lost (stat " + stat + ")");
    this.resumeStep(this.stepRegistration, this.c.registrationPollMs);
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
    this.inbound.reset();
    this.engine.abort(false);
  }

  // ---- online ----

  // The backoff is not reset here: a link that drops right after connecting (a second
  // device with the same credentials, a flapping cell) must keep backing off.
  private becomeOnline(): void {
    this.credentialBackoff.reset();
    this.tlsFailures = 0;
    this.onlineSince = this.o.clock.now();
    this.nextLinkCheck = this.o.clock.now() + this.c.linkCheckMs;
    // Stryker disable next-line UnaryOperator: the online phase ignores timers (kick() does its work from each poll)
    this.enter(P.PHASE_ONLINE, -1);
    this.setState(S.MODEM_ONLINE, "");
    this.kick();
  }

  // A due link check goes first: after a failed publish, sending again blind is pointless.
  private kick(): void {
    if (this.phase !== P.PHASE_ONLINE || this.engine.busy) return;
    if (this.o.clock.now() >= this.nextLinkCheck) this.linkCheck();
    else this.publisher.pump();
  }

  private onOnline(ev: P.ModemEvent, a: number): void {
    if (ev === P.EV_LINK_CHECK_DONE) return this.linkCheckDone(a);
    // Stryker disable next-line ConditionalExpression: any other event would fall to onOnlineLink's default, which does nothing either
    if (P.isLinkEvent(ev)) this.onOnlineLink(ev, a);
  }

  private onOnlineLink(ev: P.LinkEvent, a: number): void {
    switch (ev) {
      case P.EV_MQTT_CLOSED:
      case P.EV_PDP_LOST:
        return this.linkLost(ev, a);
      case P.EV_REGISTRATION_LOST:
        return this.registrationLost(a);
      case P.EV_SIM_LOST:
        return this.noSim();
      // Stryker disable next-line ConditionalExpression: falling through to the default does nothing either
      case P.EV_REGISTERED:
        return;
      // Stryker disable next-line ConditionalExpression: unreachable() does nothing at run time; it is there for the compiler's exhaustiveness check
      default:
        O.unreachable(ev);
    }
  }

  private linkCheck(): void {
    this.linkState = -1;
    this.dialect.linkCheck.request(this.engine.builder, this.c);
    this.engine.send(this.linkCheckCmd);
  }

  private linkCheckLine(bytes: Uint8Array, offset: number, length: number): void {
    const f = this.fields;
    f.read(bytes, offset + this.dialect.linkCheck.response.length, offset + length);
    const state = this.dialect.linkCheck.state(f, this.c);
    if (state >= 0) this.linkState = state;
  }

  private linkCheckDone(status: number): void {
    if (this.tooManyTimeouts(status)) return;
    if (status === AT_OK && this.dialect.linkCheck.connected(this.linkState)) {
      this.nextLinkCheck = this.o.clock.now() + this.c.linkCheckMs;
      return;
    }
    this.stats.mqttDrops++;
    this.reopen("link check: mqtt state " + this.linkState);
  }

  private publishTrouble(why: PublishTrouble): void {
    if (why === PUBLISH_TIMED_OUT && this.tooManyTimeouts(AT_TIMEOUT)) return;
    this.nextLinkCheck = 0;
  }

  // ---- ModemEvents: from the dialect's URC table and inbound reader ----

  moduleReady(): void {
    this.restarted("module rebooted");
  }

  /**
   * The module echoed a command: ATE0 went through before the SIM step, so echo back on means
   * it restarted and lost every setting while its RDY was lost on the line. Without this the
   * driver would resume where it was, on a module that no longer reports message lengths.
   */
  private echoed(): void {
    const phase = this.phase;
    if (phase !== P.PHASE_ONLINE && phase !== P.PHASE_RECOVER && !(phase === P.PHASE_STEP && this.stepIndex >= this.stepSim)) return;
    this.engine.abort(true);
    this.restarted("module restarted unseen (it echoes commands again)");
  }

  private restarted(what: string): void {
    const expected = this.phase === P.PHASE_PROBE || this.phase === P.PHASE_BOOT || (this.phase === P.PHASE_PULSE && this.pressed);
    if (!expected) {
      this.stats.reboots++;
      this.o.log("warn", what + ": re-applying all settings");
    }
    this.linkDown();
    this.pdpActive = false;
    this.ctx.ca.forget();
    this.bringUp();
  }

  poweredDown(): void {
    this.linkDown();
    this.pdpActive = false;
    if (this.state === S.MODEM_POWERING_OFF) return this.enterPulse(0);
    this.setState(S.MODEM_OFF, "module powered down");
    this.enterPulse(this.c.backoffMinMs);
  }

  mqttClosed(client: number, err: number): void {
    if (client !== this.c.clientIndex || !this.mqttOpen) {
      this.stats.staleUrcs++;
      return;
    }
    this.handle(P.EV_MQTT_CLOSED, err, 0);
  }

  pdpDeactivated(cid: number): void {
    if (cid !== 1 || !this.pdpActive) {
      this.stats.staleUrcs++;
      return;
    }
    this.handle(P.EV_PDP_LOST, cid, 0);
  }

  registration(stat: number): void {
    if (registered(stat)) this.handle(P.EV_REGISTERED, stat, 0);
    else this.handle(P.EV_REGISTRATION_LOST, stat, 0);
  }

  simNotReady(): void {
    this.handle(P.EV_SIM_LOST, 0, 0);
  }

  // A handler that throws is its own fault, not lost bytes: report it here, and the parser
  // goes on with the rest of the chunk.
  message(topic: string, payload: string, msgId: number): void {
    try {
      this.o.onMessage(topic, payload);
    } catch (error) {
      this.stats.handlerErrors++;
      this.o.log("error", "message on " + topic + " (" + msgId + "): handler failed: " + String(error));
    }
  }

  badFrame(what: string): void {
    this.stats.badFrames++;
    this.o.log("warn", "dropped " + what);
  }
}

type PhaseHandler = (ev: P.ModemEvent, a: number, b: number) => void;
/** One per phase, in Phase order (IDLE, PROBE, PULSE, BOOT, STEP, RECOVER, POWER_OFF, ONLINE, IDENTIFY). */
type PhaseHandlers = readonly [PhaseHandler, PhaseHandler, PhaseHandler, PhaseHandler, PhaseHandler, PhaseHandler, PhaseHandler, PhaseHandler, PhaseHandler];

/** An ATI line as text (ASCII). */
function latin1(bytes: Uint8Array, offset: number, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(bytes[offset + i]);
  return s;
}

function ignore(): void {}

/** The CA the bring-up provisions (nothing without TLS). */
function caFileFor(c: ModemConfig): CaFile {
  // Stryker disable next-line StringLiteral: without TLS no step reads the CA, so any text there only costs memory
  return new CaFile(c.tls ? c.caCert : "");
}

/** Aliyun's securemode for a login the firmware signs: 2 over TLS, 3 over plain TCP. */
function secureModeFor(c: ModemConfig): number {
  return c.tls ? 2 : 3;
}

function recoveryCommand(spec: RecoveryCommand, c: ModemConfig, onDone: (status: number) => void): AtCommand {
  const cmd = command(spec.name, spec.timeoutMs(c), onDone);
  cmd.result = spec.result;
  cmd.resultTimeoutMs = spec.resultTimeoutMs(c);
  return cmd;
}
