/**
 * The fleet's cloud: one console watching every device of the product, sending property sets
 * to random online devices, `concurrency` at a time and never two to one device. No retries:
 * a set with no set_reply within the reply timeout is counted lost, so loss shows.
 */
import type { CloudConsole, SetReply } from "../../sim/broker";
import type { Deadline } from "./deadline";
import type { FleetMember } from "./power-on";

export interface CommandOptions {
  commands: number;
  concurrency: number;
  replyTimeoutMs: number;
  random: () => number;
}

export interface LostCommand {
  id: string;
  deviceName: string;
  why: "no set_reply" | "refused" | "relay mismatch";
}

export interface CommandTally {
  sent: number;
  answered: number;
  lost: LostCommand[];
  /** In flight when the deadline came. */
  unfinished: number;
  /** Real ms from publish to set_reply. */
  replyMs: number[];
  posts: number;
  realMs: number;
}

export class Commander {
  private readonly tally: CommandTally = { sent: 0, answered: 0, lost: [], unfinished: 0, replyMs: [], posts: 0, realMs: 0 };
  private readonly waiting = new Map<string, (reply: SetReply) => void>();
  private nextId = 1_000_000;

  constructor(
    private readonly cloud: CloudConsole,
    private readonly members: FleetMember[],
    private readonly o: CommandOptions,
    private readonly deadline: Deadline,
  ) {
    cloud.events.on("setReply", (reply) => this.waiting.get(reply.id)?.(reply));
    cloud.events.on("propertyPost", () => this.tally.posts++);
  }

  async run(): Promise<CommandTally> {
    const start = Date.now();
    this.tally.posts = 0;
    const workers = Array.from({ length: this.o.concurrency }, () => this.worker());
    await Promise.all(workers);
    this.tally.realMs = Date.now() - start;
    return this.tally;
  }

  private async worker(): Promise<void> {
    while (this.tally.sent < this.o.commands && !this.deadline.expired) {
      const member = this.pick();
      if (!member) {
        await this.deadline.sleep(10);
        continue;
      }
      this.tally.sent++;
      member.busy = true;
      await this.command(member);
      member.busy = false;
    }
  }

  /** A random idle online device, or none. */
  private pick(): FleetMember | undefined {
    const idle = this.members.filter((m) => !m.busy && m.online !== null);
    return idle.length ? idle[Math.floor(this.o.random() * idle.length)] : undefined;
  }

  private async command(member: FleetMember): Promise<void> {
    const { productKey, deviceName } = member.rig.device;
    const id = String(this.nextId++);
    const value: 0 | 1 = this.o.random() < 0.5 ? 0 : 1;
    const sent = performance.now();
    const reply = this.replyTo(id, Math.min(this.o.replyTimeoutMs, this.deadline.remaining));
    // Not awaited: on a dead console a publish can stay pending for good; the reply wait is bounded.
    void this.cloud.setProperty(productKey, deviceName, { PowerSwitch_1: value }, id).catch(() => undefined);
    const answer = await reply;
    if (!answer) return this.noReply(member, id);
    this.tally.replyMs.push(performance.now() - sent);
    this.judge(member, id, value, answer);
  }

  private judge(member: FleetMember, id: string, value: 0 | 1, answer: SetReply): void {
    const deviceName = member.rig.device.deviceName;
    // The relay switches before the set_reply is even queued: it must be there by now.
    if (answer.code !== 200) this.tally.lost.push({ id, deviceName, why: "refused" });
    else if (member.rig.relay.level !== value) this.tally.lost.push({ id, deviceName, why: "relay mismatch" });
    else this.tally.answered++;
    member.lastValue = value;
  }

  private noReply(member: FleetMember, id: string): void {
    const deviceName = member.rig.device.deviceName;
    // Applied or not, nobody knows: the relay is not checked against it at the end.
    member.lastValue = null;
    if (this.deadline.expired) this.tally.unfinished++;
    else this.tally.lost.push({ id, deviceName, why: "no set_reply" });
  }

  /** The set_reply for `id`, or null after `ms`. */
  private replyTo(id: string, ms: number): Promise<SetReply | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), ms);
      const done = (reply: SetReply | null): void => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(reply);
      };
      this.waiting.set(id, done);
    });
  }
}

/** Devices whose relay is not where their last answered command put it. */
export function relayMismatches(members: FleetMember[]): string[] {
  return members.filter((m) => m.lastValue !== null && m.rig.relay.level !== m.lastValue).map((m) => m.rig.device.deviceName);
}
