// The one rule for "an answer arrived after a live event": whatever a request answers was read
// at some moment while it was under way, and live events that arrived meanwhile may be newer.
// So the answer is merged first and every change that arrived during the request is applied
// again on top of it. Events come in commit order and applying one is idempotent (a change
// replaces the item with the same id), so the newest known state wins; anything that changes
// later brings an event of its own.
//
// Used for page loads (the inbox's first and next pages, a thread's first page) and for
// actions that answer with the item they changed (send, retry, discard, mark read …).

export class LiveLog<C> {
  /** One list per request in flight; a live change is recorded in each. */
  private readonly windows = new Set<C[]>();

  /** A live change arrived (call before applying it to what is shown). */
  record(change: C): void {
    for (const window of this.windows) window.push(change);
  }

  /** Requests under way that changes are being recorded for. */
  get inFlight(): number {
    return this.windows.size;
  }

  /**
   * Awaits `request`, then builds the new state with `merge(answer)` and applies every change
   * recorded meanwhile with `apply`, in arrival order. `merge` runs after the answer arrived,
   * so it may read the current state. A failed request rejects and records nothing more.
   */
  async settle<A, S>(request: Promise<A>, merge: (answer: A) => S, apply: (state: S, change: C) => S): Promise<S> {
    const missed: C[] = [];
    this.windows.add(missed);
    try {
      const answer = await request;
      let state = merge(answer);
      for (const change of missed) state = apply(state, change);
      return state;
    } finally {
      this.windows.delete(missed);
    }
  }
}

/**
 * Tells whether a request is still the latest of its kind: answers to a conversation the user
 * already left, or a page from before a reload, are dropped.
 */
export class Latest {
  private current = 0;

  /** Starts a new request; the returned check is true until the next `begin`. */
  begin(): () => boolean {
    const mine = ++this.current;
    return () => mine === this.current;
  }

  /** A check for the request already under way (for a follow-up that belongs to it). */
  peek(): () => boolean {
    const mine = this.current;
    return () => mine === this.current;
  }
}
