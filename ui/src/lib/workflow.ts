// A conversation's workflow as shown: its status, the snooze choices offered in the thread
// header, and its activity lines (who assigned, resolved, snoozed or reopened it), merged by
// time with the thread's messages.
import type { Activity } from '../bindings/Activity';
import type { ConversationStatus } from '../bindings/ConversationStatus';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Role } from '../bindings/Role';
import type { Translator } from '../i18n';
import { instant } from './inbox';
import { operatorLabel } from './names';

/** Each status's name, as UI strings (open is the usual state: lists show no badge for it). */
export const STATUS_NAMES = {
  open: 'status.open',
  pending: 'status.pending',
  snoozed: 'status.snoozed',
  resolved: 'status.resolved',
} as const satisfies Record<ConversationStatus, string>;

export type SnoozeKey = 'hour' | 'tomorrow' | 'monday';

export const SNOOZE_NAMES = {
  hour: 'snooze.hour',
  tomorrow: 'snooze.tomorrow',
  monday: 'snooze.monday',
} as const satisfies Record<SnoozeKey, string>;

export interface SnoozeChoice {
  key: SnoozeKey;
  until: Date;
}

/** The hour of the morning a snooze "until tomorrow" ends, local time. */
const MORNING = 9;

/**
 * The snooze choices from `now`: in an hour, tomorrow at 9:00 and next Monday at 9:00, both in
 * the viewer's local time (on a Monday, "next Monday" is a week ahead; on a Sunday, tomorrow).
 */
export function snoozeChoices(now: Date): SnoozeChoice[] {
  const at = (days: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, MORNING, 0, 0, 0);
  const toMonday = ((8 - now.getDay()) % 7) || 7;
  return [
    { key: 'hour', until: new Date(now.getTime() + 3_600_000) },
    { key: 'tomorrow', until: at(1) },
    { key: 'monday', until: at(toMonday) },
  ];
}

/** Whether an activity line is an internal note (shown as its own block, never sent). */
export function isNote(activity: Activity): activity is Activity & { change: { kind: 'note' } } {
  return activity.change.kind === 'note';
}

/** An activity line's words, in the reader's language; operators' names stay as they are. */
export function activityText(activity: Activity, self: OperatorRef | null | undefined, tr: Translator): string {
  const actor = activity.actor ? operatorLabel(activity.actor, self, tr) : tr.t('activity.someone');
  const name = (o: OperatorRef) => operatorLabel(o, self, tr);
  const change = activity.change;
  switch (change.kind) {
    case 'assigned': {
      const to = name(change.to);
      // Nobody acted: auto-assignment (a mode, a returning customer, the queue freeing up).
      if (!activity.actor) {
        switch (change.rule) {
          case 'round_robin':
            return tr.t('activity.autoRoundRobin', { to });
          case 'least_loaded':
            return tr.t('activity.autoLeastLoaded', { to });
          case 'returning_to_owner':
            return tr.t('activity.autoReturning', { to });
          case undefined:
            return tr.t('activity.autoAssigned', { to });
        }
      }
      // The actor took it: from nobody, or over from a colleague.
      if (activity.actor.id === change.to.id) {
        return change.from ? tr.t('activity.tookOver', { actor, from: name(change.from) }) : tr.t('activity.took', { actor });
      }
      return change.from
        ? tr.t('activity.transferred', { actor, from: name(change.from), to })
        : tr.t('activity.assigned', { actor, to });
    }
    case 'unassigned':
      if (activity.actor) return tr.t('activity.unassigned', { actor });
      // Nobody acted: the assignee did not answer in time and it went back to the queue.
      if (change.reason === 'no_reply') {
        return change.from ? tr.t('activity.requeuedNoReplyBy', { from: name(change.from) }) : tr.t('activity.requeuedNoReply');
      }
      return tr.t('activity.requeued');
    case 'overdue':
      return change.assignee
        ? tr.t('activity.overdue', { assignee: name(change.assignee), minutes: change.minutes })
        : tr.t('activity.overdueNobody', { minutes: change.minutes });
    case 'status':
      switch (change.status) {
        case 'open':
          return tr.t('activity.opened', { actor });
        case 'pending':
          return tr.t('activity.pending', { actor });
        case 'resolved':
          return tr.t('activity.resolved', { actor });
        case 'snoozed':
          return change.until === null
            ? tr.t('activity.snoozedOpen', { actor })
            : tr.t('activity.snoozed', { actor, until: tr.dateTime(new Date(change.until)) });
      }
      break;
    case 'reopened':
      return activity.actor ? tr.t('activity.opened', { actor }) : tr.t('activity.reopenedByCustomer');
    case 'woke':
      return tr.t('activity.woke');
    case 'note':
      // The note's own words are shown beside this (as text, mentions marked: lib/notes.ts).
      return tr.t('activity.note', { actor });
    case 'tagged':
      return tr.t('activity.tagged', { actor, tag: change.tag.name });
    case 'untagged':
      return tr.t('activity.untagged', { actor, tag: change.tag.name });
    case 'contact_field':
      return change.value === null
        ? tr.t('activity.fieldCleared', { actor, label: change.label })
        : tr.t('activity.fieldSet', { actor, label: change.label, value: change.value });
  }
  // A kind from a newer server than this page.
  return tr.t('activity.changed', { actor });
}

/** Adds activity (a live event or a fetched list) to what is known, by id, oldest first. */
export function addActivity(known: readonly Activity[], more: readonly Activity[], conversationId: number): readonly Activity[] {
  const fresh = more.filter((a) => a.conversation_id === conversationId && !known.some((k) => k.id === a.id));
  if (fresh.length === 0) return known;
  return [...known, ...fresh].sort((a, b) => {
    const d = instant(a.at) - instant(b.at);
    return d === 0n ? a.id - b.id : d < 0n ? -1 : 1;
  });
}

export type Timeline<M> = { kind: 'message'; message: M; at: string } | { kind: 'activity'; activity: Activity; at: string };

/**
 * Messages and activity lines (each oldest first) in one list by time; at the same moment the
 * message comes first. While older messages are still to load, activity before the first
 * loaded message waits for its page (it would otherwise stand above history not yet shown).
 */
export function mergeTimeline<M extends { timestamp: string }>(
  messages: readonly M[],
  activity: readonly Activity[],
  hasOlder: boolean,
): Timeline<M>[] {
  const first = messages[0];
  const from = hasOlder && first ? instant(first.timestamp) : null;
  const lines = from === null ? activity : activity.filter((a) => instant(a.at) >= from);
  const out: Timeline<M>[] = [];
  let i = 0;
  for (const message of messages) {
    const t = instant(message.timestamp);
    while (i < lines.length && instant((lines[i] as Activity).at) < t) {
      const a = lines[i++] as Activity;
      out.push({ kind: 'activity', activity: a, at: a.at });
    }
    out.push({ kind: 'message', message, at: message.timestamp });
  }
  for (; i < lines.length; i++) {
    const a = lines[i] as Activity;
    out.push({ kind: 'activity', activity: a, at: a.at });
  }
  return out;
}

/** What the reader may do about who has a conversation from its header. */
export type TakeAction = 'take' | 'takeOver' | null;

/**
 * "Take" for an unassigned conversation (managers and supervisors); "Take over" for a
 * colleague's, offered to managers where the team allows it (supervisors give it away with
 * their select). The server decides either way.
 */
export function takeAction(
  assignee: OperatorRef | null,
  reader: { id: number; role: Role } | null,
  canReply: boolean,
  takeOverAllowed: boolean,
): TakeAction {
  if (!reader || !canReply) return null;
  if (assignee === null) return 'take';
  if (assignee.id === reader.id) return null;
  return reader.role === 'manager' && takeOverAllowed ? 'takeOver' : null;
}
