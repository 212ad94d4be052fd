/** V.25ter / 27.007 basics: AT, ATE, ATI, CGSN, CMEE, CPIN, CSQ, CFUN, QPOWD, QURCCFG. */
import { intArg, type AtCommand } from "../at-command";
import type { Handler, Module } from "../module";

/** 27.007 `+CME ERROR: 10`, SIM not inserted. */
export const CME_SIM_NOT_INSERTED = 10;

/** Read form `+NAME: <value>`, set form stores an int in range; anything else ERROR. */
function intSetting(name: string, min: number, max: number, get: (m: Module) => number, set: (m: Module, v: number) => void): Handler {
  return (m, cmd) => {
    if (cmd.form === "read") return m.reply("OK", [`${name}: ${get(m)}`]);
    if (cmd.form === "test") return m.reply("OK", [`${name}: (${min}-${max})`]);
    const value = cmd.form === "set" && cmd.args.length === 1 ? intArg(cmd, 0, min, max) : undefined;
    if (value === undefined) return m.fail();
    set(m, value);
    m.reply("OK");
  };
}

const echo: Handler = (m, cmd) => {
  // `ATE` alone means ATE0.
  const value = cmd.form === "exec" ? 0 : intArg(cmd, 0, 0, 1);
  if (value === undefined) return m.fail();
  m.state.echo = value === 1;
  m.reply("OK");
};

const cpin: Handler = (m, cmd) => {
  if (cmd.form !== "read") return cmd.form === "test" ? m.reply("OK") : m.fail();
  if (!m.simPresent) return m.fail(CME_SIM_NOT_INSERTED);
  m.reply("OK", ["+CPIN: READY"]);
};

const csq: Handler = (m, cmd) => {
  if (cmd.form !== "exec") return m.fail();
  m.reply("OK", [m.state.registration.registered ? "+CSQ: 24,99" : "+CSQ: 99,99"]);
};

/** CFUN=1,1 resets the module; other levels are accepted and change nothing here. */
const cfun: Handler = (m, cmd) => {
  if (cmd.form === "read") return m.reply("OK", ["+CFUN: 1"]);
  const fun = intArg(cmd, 0, 0, 4);
  const reset = cmd.args.length > 1 ? intArg(cmd, 1, 0, 1) : 0;
  if (cmd.form !== "set" || fun === undefined || reset === undefined) return m.fail();
  m.reply("OK", [], reset === 1 ? () => m.reboot() : undefined);
};

/** QPOWD / QPOWD=1: OK, then `POWERED DOWN`, then silence. QPOWD=0: at once, no OK. */
const qpowd: Handler = (m, cmd) => {
  const mode = cmd.form === "exec" ? 1 : intArg(cmd, 0, 0, 1);
  if (mode === undefined) return m.fail();
  const down = (): void => {
    m.urc("POWERED DOWN");
    m.powerOff();
  };
  if (mode === 0) return down();
  m.reply("OK", [], () => m.after(m.options.delays.powerDown, down));
};

const info: Handler = (m, cmd) => {
  if (cmd.form !== "exec") return m.fail();
  m.reply("OK", m.personality.info.slice());
};

/** 27.007 `AT+CGSN`: the IMEI alone on a line (both personalities). */
const cgsn: Handler = (m, cmd) => (cmd.form === "exec" ? m.reply("OK", [m.options.imei]) : cmd.form === "test" ? m.reply("OK") : m.fail());

/** URC port routing: the EC600S family already reports on UART1; accepted and ignored. */
const qurccfg: Handler = (m, cmd: AtCommand) => {
  const port = cmd.args[1]?.text;
  if (cmd.form !== "set" || cmd.args[0]?.text !== "urcport") return m.fail();
  if (port === undefined) return m.reply("OK", ['+QURCCFG: "urcport","uart1"']);
  m.reply("OK");
};

export const basicCommands: Record<string, Handler> = {
  "": (m, cmd) => (cmd.form === "exec" ? m.reply("OK") : m.fail()),
  E: echo,
  I: info,
  "+CGSN": cgsn,
  "+CMEE": intSetting("+CMEE", 0, 2, (m) => m.state.cmee, (m, v) => (m.state.cmee = v)),
  "+CPIN": cpin,
  "+CSQ": csq,
  "+CFUN": cfun,
  "+QPOWD": qpowd,
  "+QURCCFG": qurccfg,
};
