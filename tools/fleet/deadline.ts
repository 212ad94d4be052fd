/** The run's hard time limit: every wait in the fleet is cut short by it. */
export class Deadline {
  private readonly end: number;

  constructor(ms: number) {
    this.end = Date.now() + ms;
  }

  get remaining(): number {
    return Math.max(0, this.end - Date.now());
  }

  get expired(): boolean {
    return this.remaining === 0;
  }

  /** Sleep `ms` real ms, or until the deadline if that comes first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, this.remaining)));
  }
}
