/**
 * `AT+QMTCFG="<option>",<idx>[,values]`: with values it sets (OK, or ERROR for a bad
 * value or unknown option), without it reads back `+QMTCFG: "<option>",<values>`.
 * Settings live until reboot. "will" and "ssl" are accepted and stored but have no effect
 * on the link (Aliyun ignores wills on 3.1.1; the simulator has no TLS).
 */
import { intArg, strArg, type AtCommand } from "../at-command";
import type { Handler, Module } from "../module";
import { CLIENT_COUNT, type QmtSlot } from "../qmt-slot";

interface CfgOption {
  show(slot: QmtSlot): string;
  /** False for values the module rejects. */
  set(slot: QmtSlot, cmd: AtCommand): boolean;
}

/** A list of integers, each in its range; a shorter list updates only the leading values. */
function numeric(name: string, ranges: [number, number][]): CfgOption {
  return {
    show: (slot) => slot.config[name].join(","),
    set: (slot, cmd) => {
      const values = cmd.args.slice(2).map((_, i) => intArg(cmd, i + 2, ...(ranges[i] ?? [1, 0])));
      if (values.length > ranges.length || values.includes(undefined)) return false;
      values.forEach((v, i) => (slot.config[name][i] = v as number));
      return true;
    },
  };
}

const aliauth: CfgOption = {
  show: (slot) => (slot.aliauth ? `"${slot.aliauth.productKey}","${slot.aliauth.deviceName}","${slot.aliauth.deviceSecret}"` : ""),
  set: (slot, cmd) => {
    const [productKey, deviceName, deviceSecret] = [2, 3, 4].map((i) => strArg(cmd, i, 64));
    if (cmd.args.length !== 5 || !productKey || !deviceName || !deviceSecret) return false;
    slot.aliauth = { productKey, deviceName, deviceSecret };
    return true;
  },
};

function willMessageValid(cmd: AtCommand): boolean {
  const numbers = [intArg(cmd, 3, 0, 2), intArg(cmd, 4, 0, 1)];
  return cmd.args.length === 7 && !numbers.includes(undefined) && Boolean(strArg(cmd, 5)) && strArg(cmd, 6) !== undefined;
}

/** `"will",idx,0` or `"will",idx,1,<qos>,<retain>,"<topic>","<msg>"`. */
const will: CfgOption = {
  show: (slot) => slot.config.will.join(","),
  set: (slot, cmd) => {
    const flag = intArg(cmd, 2, 0, 1);
    const ok = flag === 0 ? cmd.args.length === 3 : flag === 1 && willMessageValid(cmd);
    if (ok) slot.config.will = [flag as number];
    return ok;
  },
};

const OPTIONS: Record<string, CfgOption> = {
  version: numeric("version", [[3, 4]]),
  pdpcid: numeric("pdpcid", [[1, 16]]),
  keepalive: numeric("keepalive", [[0, 3600]]),
  session: numeric("session", [[0, 1]]),
  timeout: numeric("timeout", [[1, 60], [0, 10], [0, 1]]),
  "recv/mode": numeric("recv/mode", [[0, 1], [0, 1]]),
  ssl: numeric("ssl", [[0, 1], [0, 5]]),
  aliauth,
  will,
};

const TEST_LINES = [
  '+QMTCFG: "version",(0-5),(3,4)',
  '+QMTCFG: "pdpcid",(0-5),(1-16)',
  '+QMTCFG: "ssl",(0-5),(0,1),(0-5)',
  '+QMTCFG: "keepalive",(0-5),(0-3600)',
  '+QMTCFG: "session",(0-5),(0,1)',
  '+QMTCFG: "timeout",(0-5),(1-60),(0-10),(0,1)',
  '+QMTCFG: "will",(0-5),(0,1),(0-2),(0,1),"will_topic","will_msg"',
  '+QMTCFG: "recv/mode",(0-5),(0,1),(0,1)',
  '+QMTCFG: "aliauth",(0-5),"product_key","device_name","device_secret"',
];

function target(m: Module, cmd: AtCommand): { name: string; option: CfgOption; slot: QmtSlot } | undefined {
  const name = strArg(cmd, 0)?.toLowerCase() ?? "";
  const idx = intArg(cmd, 1, 0, CLIENT_COUNT - 1);
  const option = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
  if (cmd.form !== "set" || idx === undefined || !option) return undefined;
  return { name, option, slot: m.state.slots[idx] };
}

export const qmtcfg: Handler = (m, cmd) => {
  if (cmd.form === "test") return m.reply("OK", TEST_LINES);
  const t = target(m, cmd);
  if (!t) return m.fail();
  const { name, option, slot } = t;
  if (cmd.args.length === 2) return m.reply("OK", [`+QMTCFG: "${name}",${option.show(slot)}`]);
  if (option.set(slot, cmd)) m.reply("OK");
  else m.fail();
};
