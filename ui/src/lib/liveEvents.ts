/**
 * Which messages had a live event, and when (by arrival order), so that an action's answer,
 * read at some moment during its request, never replaces a newer state an event already
 * brought.
 */
export class LiveEvents {
  private count = 0;
  private last = new Map<string, number>();

  /** A message's live event arrived. */
  seen(id: string): void {
    this.count += 1;
    this.last.set(id, this.count);
  }

  /** Where the stream stands now; pass to `since` later. */
  mark(): number {
    return this.count;
  }

  /** Whether an event for `id` arrived after `mark`. */
  since(id: string, mark: number): boolean {
    return (this.last.get(id) ?? 0) > mark;
  }
}
