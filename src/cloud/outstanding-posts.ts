/**
 * Ids of posts queued and not yet answered, in a small fixed table. When it is full the
 * oldest id is forgotten: its reply, if it ever comes, is then just an unknown id.
 */
export class OutstandingPosts {
  private readonly ids: string[] = [];
  private next = 0;

  constructor(size: number) {
    const n = size > 0 ? size : 1;
    for (let i = 0; i < n; i++) this.ids.push("");
  }

  add(id: string): void {
    this.ids[this.next] = id;
    this.next = (this.next + 1) % this.ids.length;
  }

  /** True if `id` was outstanding; it no longer is. */
  take(id: string): boolean {
    for (let i = 0; i < this.ids.length; i++) {
      if (this.ids[i] === id && id !== "") {
        this.ids[i] = "";
        return true;
      }
    }
    return false;
  }
}
