// The live board's logic, pure: who is taking chats and how loaded they are, the customers
// waiting (oldest first) with how long, and which live events make it worth asking again.
import type { Board } from '../bindings/Board';
import type { BoardOperator } from '../bindings/BoardOperator';
import type { Event } from '../bindings/Event';
import type { WaitingCustomer } from '../bindings/WaitingCustomer';
import { formatDuration } from './reports';

/** Seconds from `since` to `now` (never negative: the server's clock may run a little ahead). */
export function waitedSeconds(since: string, now: Date): number {
  const at = new Date(since).getTime();
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.floor((now.getTime() - at) / 1000));
}

/** How long, written the locale's way: `12m`, `1h 5m` / `12 мин`, `1 ч 5 мин`. */
export function waited(since: string, now: Date, tag: string): string {
  return formatDuration(waitedSeconds(since, now), tag);
}

/** The waiting customers, oldest first (the server's order, kept if it already is). */
export function waitingOldestFirst(board: Board): WaitingCustomer[] {
  return [...board.waiting].sort(
    (a, b) => new Date(a.waiting_since).getTime() - new Date(b.waiting_since).getTime() || a.conversation_id - b.conversation_id,
  );
}

/** Operators: whoever has a customer waiting longest first, then the rest by name. */
export function operatorsByWait(operators: readonly BoardOperator[], tag: string): BoardOperator[] {
  const collator = new Intl.Collator(tag, { sensitivity: 'base' });
  const since = (o: BoardOperator) => (o.oldest_waiting_since ? new Date(o.oldest_waiting_since).getTime() : Infinity);
  return [...operators].sort(
    (a, b) => since(a) - since(b) || collator.compare(a.operator.name, b.operator.name) || a.operator.id - b.operator.id,
  );
}

/** Totals across the board's operators. */
export function boardTotals(board: Board): { accepting: number; open: number; waiting: number } {
  return {
    accepting: board.operators.filter((o) => o.accepting).length,
    open: board.operators.reduce((n, o) => n + o.open, 0),
    waiting: board.waiting_total,
  };
}

/**
 * Whether an event may change the board: a conversation or message moving (a new wait, an
 * answer, an assignment, a status), the team (someone stops taking chats), accounts.
 */
export function boardChanges(event: Event): boolean {
  switch (event.type) {
    case 'conversation':
    case 'message':
    case 'team':
    case 'accounts':
    case 'overdue':
      return true;
    default:
      return false;
  }
}

/** How often the board is asked again with nothing happening, and how soon after an event. */
export const BOARD_REFRESH_MS = 30_000;
export const BOARD_EVENT_DELAY_MS = 1_000;

/**
 * The account a waiting customer wrote to, found by the name the board gives (the sandbox's is
 * then shown in the reader's language); null when no account of the list has that name.
 */
export function accountNamed<A extends { name: string }>(name: string, accounts: readonly A[]): A | null {
  return accounts.find((a) => a.name === name) ?? null;
}
