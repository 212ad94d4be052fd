/** The web console as main.ts starts it (in this process): session, page server, then power-on. */
import { parseCli } from "../../hosts/node/args";
import { startSession, type Session } from "../../hosts/node/session";
import { startWebConsole, type WebConsole } from "../../hosts/node/web/server";
import { SCALE } from "./helpers";

export interface ConsoleRig {
  session: Session;
  web: WebConsole;
  stop(): Promise<void>;
}

export async function startConsoleRig(extraArgs: string[] = []): Promise<ConsoleRig> {
  const session = await startSession(parseCli(["--time-scale", String(SCALE), "--http-port", "0", ...extraArgs]));
  const web = await startWebConsole(session, 0);
  session.rig.start();
  return {
    session,
    web,
    stop: async () => {
      await web.close();
      await session.stop();
    },
  };
}

/** GET /api/state until `accept` takes it. */
export async function stateUntil(web: WebConsole, accept: (state: ConsoleState) => boolean, ms: number, what: string): Promise<ConsoleState> {
  const end = Date.now() + ms;
  for (;;) {
    const state = (await (await fetch(web.url + "api/state")).json()) as ConsoleState;
    if (accept(state)) return state;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms: ${what}; last state ${JSON.stringify(state.status)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface ConsoleState {
  info: { faults: Array<{ id: string }>; canSet: boolean; simulated: boolean; embeddedBroker: boolean };
  status: {
    online: boolean;
    relay: 0 | 1;
    modem: string;
    model: string;
    revision: string;
    consoleConnected: boolean;
    cloudOnline: boolean | null;
    counters: Record<string, number>;
    properties: Array<{ id: string; type: string; writable: boolean; value: number | null }>;
  };
  steps: Array<{ name: string; state: string }>;
  events: Array<{ text: string; kind: string }>;
  trace: string[];
  roundTrip: { id: string; done: boolean; replyCode?: number } | null;
}
