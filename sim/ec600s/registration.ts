/**
 * Network registration as the three `+CxREG` commands report it. After boot the module
 * searches (stat 2) and attaches after `delays.registration`; a fault can drop it to 2/0/3
 * and bring it back later. URCs (`+CEREG: <stat>`, no `<n>` field) only go out for the
 * commands the host enabled with `AT+CxREG=1|2`, as 3GPP 27.007 says.
 */

export const REG_COMMANDS = ["+CREG", "+CGREG", "+CEREG"] as const;
export type RegCommand = (typeof REG_COMMANDS)[number];

export interface RegistrationServices {
  after(ms: number, fn: () => void): void;
  urc(line: string): void;
}

export class Registration {
  stat = 0;
  readonly urcMode: Record<RegCommand, number> = { "+CREG": 0, "+CGREG": 0, "+CEREG": 0 };
  /** Bumped on every change so a pending restore from an older loss is ignored. */
  private change = 0;

  constructor(
    private readonly services: RegistrationServices,
    private readonly attachedStat: number,
  ) {}

  get registered(): boolean {
    return this.stat === 1 || this.stat === 5;
  }

  /** Search, then attach after `ms`. */
  search(ms: number): void {
    this.set(2);
    this.restoreAfter(ms);
  }

  /** Registration lost (fault): `stat` until restored; restore after `ms` unless 0. */
  lose(stat: number, ms: number): void {
    this.set(stat);
    if (ms > 0) this.restoreAfter(ms);
  }

  restore(): void {
    this.set(this.attachedStat);
  }

  /** No SIM: not registered and not searching. */
  detach(): void {
    this.set(0);
  }

  private restoreAfter(ms: number): void {
    const change = this.change;
    this.services.after(ms, () => {
      if (change === this.change) this.restore();
    });
  }

  private set(stat: number): void {
    this.change++;
    if (stat === this.stat) return;
    this.stat = stat;
    for (const cmd of REG_COMMANDS) if (this.urcMode[cmd] > 0) this.services.urc(`${cmd}: ${stat}`);
  }
}
