// The bring-up runner's timing rules, to the millisecond: the SIM retried every simRetryMs, a
// failing step after backoffMinMs times its try, registration asked again at once when the
// module says it registered, and commandTimeoutsBeforePower timeouts in a row (only in a row).
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ModemConfig } from "../../src/modem/config";
import { NetworkTime } from "../../src/modem/network-time";
import { ScriptedModem } from "./scripted-modem";

/** When each command starting with `prefix` went out, until `limit` ms have run. */
function sendTimes(m: ScriptedModem, prefix: string, limit: number): number[] {
  const times: number[] = [];
  const end = m.clock.t + limit;
  let seen = 0;
  while (m.clock.t < end) {
    m.run(1, 1);
    for (; seen < m.commands.length; seen++) if (m.commands[seen].startsWith(prefix)) times.push(m.clock.t);
  }
  return times;
}

const gaps = (t: number[]): number[] => t.slice(1).map((x, i) => x - t[i]);

function modem(overrides: Partial<ModemConfig> = {}): ScriptedModem {
  return new ScriptedModem({ linkCheckMs: 1e9, ...overrides });
}

test("no SIM: shown with its advice, and AT+CPIN? asked again every simRetryMs after the answer", () => {
  const m = modem({ simRetryMs: 4000 });
  m.script.push(["AT+CPIN?", "\r\n+CME ERROR: 10\r\n"]);
  m.modem.start();
  const times = sendTimes(m, "AT+CPIN?", 15000);
  assert.equal(gaps(times), [4000 + m.latency, 4000 + m.latency, 4000 + m.latency]);
  assert.equal([m.modem.stateName, m.modem.reason], ["no-sim", "insert or unlock the SIM"]);
});

test("a SIM or registration URC while waiting to ask about the SIM again neither puts the question off nor hurries it", () => {
  const m = modem({ simRetryMs: 4000 });
  m.script.push(["AT+CPIN?", "\r\n+CME ERROR: 10\r\n"]);
  m.modem.start();
  while (!m.commands.includes("AT+CPIN?")) m.run(1, 1);
  const asked = m.clock.t;
  m.take();
  m.urc("+CPIN: NOT READY", 2000);
  m.urc("+CEREG: 1", 2500);
  const times = sendTimes(m, "AT+CPIN?", 9000);
  assert.is(times[0] - asked, 4000 + m.latency);
});

test("a failing step is retried stepRetries times, backoffMinMs times the try after each answer, then escalated", () => {
  const m = modem({ stepRetries: 3, backoffMinMs: 1000 });
  m.script.push(["AT+QIACT?", "\r\nERROR\r\n"]);
  m.modem.start();
  const times = sendTimes(m, "AT+QIACT?", 30000);
  assert.equal(gaps(times.slice(0, 4)), [1000 + m.latency, 2000 + m.latency, 3000 + m.latency]);
  const shown = m.states.filter((s) => s.startsWith("backoff") || s.startsWith("powering-off"));
  assert.equal(shown.slice(0, 4), ["backoff pdp state retry 1", "backoff pdp state retry 2", "backoff pdp state retry 3", "powering-off pdp state failed"]);
});

test("commandTimeoutsBeforePower timeouts in a row power-cycle the module at the last one", () => {
  const m = modem({ commandTimeoutsBeforePower: 4, stepRetries: 10, atTimeoutMs: 1000 });
  m.script.push(['AT+QMTCFG="version"', () => undefined]);
  m.modem.start();
  while (!m.commands.includes("AT+QPOWD=1") && m.clock.t < 60000) m.run(1, 1);
  assert.is(m.commands.filter((c) => c.startsWith('AT+QMTCFG="version"')).length, 4);
  assert.is(m.modem.stats.commandTimeouts, 4);
  assert.ok(m.states.includes("powering-off module stopped answering"), m.states.join(", "));
});

test("timeouts with answers between them are not in a row: no power cycle", () => {
  const m = modem({ commandTimeoutsBeforePower: 2, registrationPollMs: 500, atTimeoutMs: 1000 });
  let n = 0;
  m.script.push(["AT+CEREG?", () => (n++ % 2 === 0 ? undefined : "\r\n+CEREG: 0,2\r\n\r\nOK\r\n")]);
  m.script.push(["AT+CGREG?", () => (n++ % 2 === 0 ? undefined : "\r\n+CGREG: 0,2\r\n\r\nOK\r\n")]);
  m.script.push(["AT+CREG?", () => (n++ % 2 === 0 ? undefined : "\r\n+CREG: 0,2\r\n\r\nOK\r\n")]);
  m.modem.start();
  m.run(20000);
  assert.ok(m.modem.stats.commandTimeouts >= 4);
  assert.is(m.modem.stats.powerCycles, 0);
});

test("registered, says the module, while registration waits to poll: asked again at once", () => {
  const m = modem({ registrationPollMs: 30000 });
  let registered = false;
  const reg = (cmd: string): string => `\r\n${cmd.slice(2, -1)}: 0,${registered ? 1 : 2}\r\n\r\nOK\r\n`;
  m.script.push(["AT+CEREG?", reg], ["AT+CGREG?", reg], ["AT+CREG?", reg]);
  m.modem.start();
  while (!m.commands.includes("AT+CEREG?")) m.run(1, 1);
  m.run(1000);
  registered = true;
  m.urc("+CEREG: 1");
  m.take();
  m.run(300, 1);
  assert.equal(m.take().slice(0, 2), ["AT+CGREG?", "AT+QIACT?"], "asked at once, not after registrationPollMs");
});

test("not registered, says the module, while registration is being polled: no loss counted, polling goes on", () => {
  const m = modem({ registrationPollMs: 1000 });
  let polls = 0;
  const reg = (cmd: string): string => `\r\n${cmd.slice(2, -1)}: 0,${++polls > 3 ? 1 : 2}\r\n\r\nOK\r\n`;
  m.script.push(["AT+CEREG?", reg], ["AT+CGREG?", reg], ["AT+CREG?", reg]);
  m.modem.start();
  while (!m.commands.includes("AT+CEREG?")) m.run(1, 1);
  m.run(500);
  m.urc("+CEREG: 2");
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.registrationLosses, 0);
  assert.not.ok(m.states.some((s) => s.includes("registration lost")), m.states.join(", "));
});

test("registered, says the module, while a capability beside the runner holds the engine: registration is asked right after it", () => {
  const m = modem({ registrationPollMs: 30000 });
  let registered = false;
  const reg = (cmd: string): string => `\r\n${cmd.slice(2, -1)}: 0,${registered ? 1 : 2}\r\n\r\nOK\r\n`;
  m.script.push(["AT+CEREG?", reg], ["AT+CGREG?", reg], ["AT+CREG?", reg]);
  m.script.push(["AT+QLTS", (_cmd, s) => void s.say('\r\n+QLTS: "2026/12/07,02:42:30+32,0"\r\n\r\nOK\r\n', 2000)]);
  const nt = new NetworkTime(m.modem, 5000, () => undefined);
  m.modem.start();
  while (!m.commands.includes("AT+CEREG?")) m.run(1, 1);
  m.run(1000);
  assert.ok(nt.query());
  registered = true;
  m.urc("+CEREG: 1", 500);
  m.take();
  m.run(2500, 1);
  assert.equal(m.take().slice(0, 2), ["AT+CGREG?", "AT+QIACT?"], "not after registrationPollMs");
});

test.run();
