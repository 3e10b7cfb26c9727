// The team's assignment settings as the team screen edits them: limits typed as text (empty:
// no limit, sent as 0, which the server takes as "none"), and the choices' names.
import type { AssignmentMode } from '../bindings/AssignmentMode';
import type { NoReplyAction } from '../bindings/NoReplyAction';

export const ASSIGNMENT_MODES: readonly AssignmentMode[] = ['off', 'round_robin', 'least_loaded'];
export const MODE_NAMES = {
  off: 'assign.mode.off',
  round_robin: 'assign.mode.round_robin',
  least_loaded: 'assign.mode.least_loaded',
} as const satisfies Record<AssignmentMode, string>;

export const NO_REPLY_ACTIONS: readonly NoReplyAction[] = ['requeue', 'notify_supervisors'];
export const ACTION_NAMES = {
  requeue: 'assign.action.requeue',
  notify_supervisors: 'assign.action.notify_supervisors',
} as const satisfies Record<NoReplyAction, string>;

/** A limit as the input shows it: empty for none. */
export function limitText(limit: number | null): string {
  return limit === null ? '' : String(limit);
}

/** A typed limit as sent: 0 for none (empty or 0), the whole number otherwise; null when it is
 * not a whole number of 0 or more. */
export function parseLimit(text: string): number | null {
  const s = text.trim();
  if (s === '') return 0;
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Whether a typed limit says something other than what is set (0 and none are the same). */
export function limitChanged(current: number | null, sent: number): boolean {
  return (current ?? 0) !== sent;
}
