/**
 * PDP context commands. `AT+QIACT=<cid>` blocks for `delays.pdpActivation` and fails while
 * not registered (`+CME ERROR: 30`, "no network service", plain ERROR at CMEE=0) or when
 * the context is already active (plain ERROR, as Quectel modules answer).
 */
import { intArg, strArg, type AtCommand } from "../at-command";
import type { Handler, Module } from "../module";
import { contextOf, MAX_CID } from "../pdp";
import { dropClientsOn } from "../qmt-link";

export const CME_NO_NETWORK = 30;

function showContext(m: Module, cid: number): void {
  const c = contextOf(m.state.pdp, cid);
  m.reply("OK", [`+QICSGP: ${c.type},"${c.apn}","${c.user}","${c.password}",${c.auth}`]);
}

/** `cid,type,"apn"[,"user","pass"[,auth]]` */
function setContext(m: Module, cmd: AtCommand, cid: number): void {
  const type = intArg(cmd, 1, 1, 3);
  const apn = strArg(cmd, 2, 62);
  const user = cmd.args.length > 3 ? strArg(cmd, 3, 62) : "";
  const password = cmd.args.length > 4 ? strArg(cmd, 4, 62) : "";
  const auth = cmd.args.length > 5 ? intArg(cmd, 5, 0, 3) : 0;
  const values = [type, apn, user, password, auth];
  if (values.includes(undefined) || cmd.args.length > 6) return m.fail();
  const c = contextOf(m.state.pdp, cid);
  Object.assign(c, { type, apn, user, password, auth });
  m.reply("OK");
}

const qicsgp: Handler = (m, cmd) => {
  const cid = intArg(cmd, 0, 1, MAX_CID);
  if (cmd.form !== "set" || cid === undefined) return cmd.form === "test" ? m.reply("OK") : m.fail();
  if (cmd.args.length === 1) return showContext(m, cid);
  setContext(m, cmd, cid);
};

const qiact: Handler = (m, cmd) => {
  if (cmd.form === "read") {
    const active = [...m.state.pdp].filter(([, c]) => c.active);
    return m.reply("OK", active.map(([cid, c]) => `+QIACT: ${cid},1,${c.type},"${m.options.ipAddress}"`));
  }
  const cid = cmd.form === "set" && cmd.args.length === 1 ? intArg(cmd, 0, 1, MAX_CID) : undefined;
  if (cid === undefined) return m.fail();
  const ctx = contextOf(m.state.pdp, cid);
  if (!m.state.registration.registered) return m.fail(CME_NO_NETWORK);
  if (ctx.active) return m.fail();
  m.reply("OK", [], () => (ctx.active = true), m.options.delays.pdpActivation);
};

const qideact: Handler = (m, cmd) => {
  const cid = cmd.form === "set" && cmd.args.length === 1 ? intArg(cmd, 0, 1, MAX_CID) : undefined;
  if (cid === undefined) return m.fail();
  m.reply("OK", [], () => deactivate(m, cid), m.options.delays.pdpDeactivation);
};

/** The context goes down and takes its MQTT connections with it. */
export function deactivate(m: Module, cid: number): void {
  const ctx = contextOf(m.state.pdp, cid);
  if (!ctx.active) return;
  ctx.active = false;
  dropClientsOn(m, cid);
}

export const pdpCommands: Record<string, Handler> = { "+QICSGP": qicsgp, "+QIACT": qiact, "+QIDEACT": qideact };
