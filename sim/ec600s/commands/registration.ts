/** `AT+CREG` / `AT+CGREG` / `AT+CEREG`: read `+CxREG: <n>,<stat>`, set `<n>` 0-2 (URCs). */
import { intArg } from "../at-command";
import type { Handler } from "../module";
import { REG_COMMANDS, type RegCommand } from "../registration";

function regCommand(name: RegCommand): Handler {
  return (m, cmd) => {
    const reg = m.state.registration;
    if (cmd.form === "read") return m.reply("OK", [`${name}: ${reg.urcMode[name]},${reg.stat}`]);
    if (cmd.form === "test") return m.reply("OK", [`${name}: (0-2)`]);
    const n = cmd.form === "set" && cmd.args.length === 1 ? intArg(cmd, 0, 0, 2) : undefined;
    if (n === undefined) return m.fail();
    reg.urcMode[name] = n;
    m.reply("OK");
  };
}

export const registrationCommands: Record<string, Handler> = Object.fromEntries(REG_COMMANDS.map((name) => [name, regCommand(name)]));
