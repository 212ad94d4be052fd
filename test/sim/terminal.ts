/** A simulated module on real (scaled) time, driven line by line as a terminal would, against a real broker. */
import type { RunningBroker } from "../../sim/broker";
import { Ec600sSimulator, realTimers, tcpMqttTransport } from "../../sim/ec600s";

export class SimTerminal {
  protected out = "";
  readonly sim: Ec600sSimulator;

  /** `expectMs`: how long `expect` waits by default. A TLS open goes to the broker's TLS listener. */
  constructor(
    broker: RunningBroker,
    model: "ec600s" | "a7670",
    private readonly expectMs: number,
  ) {
    const transport = tcpMqttTransport({ resolve: (e) => ({ host: broker.host, port: e.tls ? broker.tlsPort : broker.port }) });
    this.sim = new Ec600sSimulator({ model, onData: (b) => (this.out += Buffer.from(b).toString("latin1")), transport, timers: realTimers(0.02) });
  }

  /** Waits (bounded) until `text` has arrived; returns and consumes everything up to it. */
  async expect(text: string, ms = this.expectMs): Promise<string> {
    for (let waited = 0; !this.out.includes(text); waited += 2) {
      if (waited > ms) throw new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(this.out)}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const end = this.out.indexOf(text) + text.length;
    const seen = this.out.slice(0, end);
    this.out = this.out.slice(end);
    return seen;
  }

  async at(line: string, until = "\r\nOK\r\n"): Promise<string> {
    this.sim.write(`${line}\r`);
    return this.expect(until);
  }

  rest(): string {
    return this.out;
  }
}
