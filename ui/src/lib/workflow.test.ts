import { describe, expect, it } from 'vitest';
import type { Activity } from '../bindings/Activity';
import type { AssignmentRule } from '../bindings/AssignmentRule';
import type { Change } from '../bindings/Change';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Tag } from '../bindings/Tag';
import { timelineWithDays } from './dates';
import { en, message, ru } from './fixtures';
import { activityText, addActivity, isNote, mergeTimeline, snoozeChoices, takeAction } from './workflow';

const sue: OperatorRef = { id: 2, name: 'Sue' };
const mia: OperatorRef = { id: 3, name: 'Mia' };
const local: OperatorRef = { id: 1, name: 'Me' };

function activity(id: number, at: string, change: Change, actor: OperatorRef | null = mia, conversation = 1): Activity {
  return { id, conversation_id: conversation, at, actor, change };
}

describe('snoozeChoices', () => {
  // Local times, so the tests hold in any time zone.
  const local9 = (y: number, m: number, d: number) => new Date(y, m - 1, d, 9, 0, 0, 0).getTime();

  it('offers an hour from now, tomorrow at 9:00 and next Monday at 9:00, local time', () => {
    const now = new Date(2026, 4, 20, 15, 30); // Wednesday 20 May 2026
    const choices = snoozeChoices(now);
    expect(choices.map((c) => c.key)).toEqual(['hour', 'tomorrow', 'monday']);
    expect(choices[0]?.until.getTime()).toBe(now.getTime() + 3_600_000);
    expect(choices[1]?.until.getTime()).toBe(local9(2026, 5, 21));
    expect(choices[2]?.until.getTime()).toBe(local9(2026, 5, 25));
  });

  it('puts next Monday a week ahead on a Monday, and tomorrow on a Sunday', () => {
    expect(snoozeChoices(new Date(2026, 4, 25, 8, 0))[2]?.until.getTime()).toBe(local9(2026, 6, 1));
    expect(snoozeChoices(new Date(2026, 4, 24, 23, 0))[2]?.until.getTime()).toBe(local9(2026, 5, 25));
  });

  it('crosses the end of a month and a year', () => {
    const choices = snoozeChoices(new Date(2026, 11, 31, 22, 0)); // Thursday
    expect(choices[1]?.until.getTime()).toBe(local9(2027, 1, 1));
    expect(choices[2]?.until.getTime()).toBe(local9(2027, 1, 4));
  });
});

describe('activityText', () => {
  const until = '2026-05-21T06:00:00Z';
  const lines = [
    activity(1, '2026-05-20T10:00:00Z', { kind: 'assigned', to: mia }, sue),
    activity(2, '2026-05-20T10:00:00Z', { kind: 'status', status: 'resolved', until: null }),
    activity(3, '2026-05-20T10:00:00Z', { kind: 'status', status: 'pending', until: null }),
    activity(4, '2026-05-20T10:00:00Z', { kind: 'status', status: 'snoozed', until }),
    activity(5, '2026-05-20T10:00:00Z', { kind: 'status', status: 'open', until: null }),
    activity(6, '2026-05-20T10:00:00Z', { kind: 'reopened', was: 'resolved' }, null),
    activity(7, '2026-05-20T10:00:00Z', { kind: 'woke' }, null),
    activity(8, '2026-05-20T10:00:00Z', { kind: 'unassigned' }, sue),
  ];

  it('says each change in English', () => {
    expect(lines.map((a) => activityText(a, sue, en))).toEqual([
      'Sue assigned this to Mia',
      'Mia resolved this',
      'Mia marked it pending',
      `Mia snoozed it until ${en.dateTime(new Date(until))}`,
      'Mia reopened it',
      'Reopened by the customer',
      'The snooze ended',
      'Sue unassigned it',
    ]);
  });

  it('says each change in Russian', () => {
    expect(lines.map((a) => activityText(a, null, ru))).toEqual([
      'Sue: диалог назначен — Mia',
      'Mia: диалог решён',
      'Mia: диалог ждёт ответа клиента',
      `Mia: диалог отложен до ${ru.dateTime(new Date(until))}`,
      'Mia: диалог снова открыт',
      'Клиент написал — диалог снова открыт',
      'Срок откладывания истёк — диалог снова открыт',
      'Sue: назначение снято',
    ]);
  });

  it('names the machine’s own operator the way the rest of the UI does', () => {
    const a = activity(9, '2026-05-20T10:00:00Z', { kind: 'assigned', to: sue }, local);
    expect(activityText(a, sue, en)).toBe('This computer assigned this to Sue');
    expect(activityText(a, local, en)).toBe('You assigned this to Sue');
    expect(activityText(activity(11, a.at, { kind: 'unassigned' }, local), local, ru)).toBe('Вы: назначение снято');
    expect(activityText(a, sue, ru)).toBe('Этот компьютер: диалог назначен — Sue');
  });

  it('keeps names as text, markup and all', () => {
    const a = activity(10, '2026-05-20T10:00:00Z', { kind: 'status', status: 'resolved', until: null }, { id: 4, name: '<b>X</b>' });
    expect(activityText(a, null, en)).toBe('<b>X</b> resolved this');
  });
});

describe('addActivity', () => {
  it('adds by id once, oldest first, and only the conversation’s own', () => {
    const a = activity(1, '2026-05-20T10:00:00Z', { kind: 'woke' }, null);
    const b = activity(2, '2026-05-20T09:00:00Z', { kind: 'unassigned' });
    const other = activity(3, '2026-05-20T08:00:00Z', { kind: 'woke' }, null, 2);
    const list = addActivity([a], [b, a, other], 1);
    expect(list.map((x) => x.id)).toEqual([2, 1]);
    expect(addActivity(list, [a], 1)).toBe(list);
  });
});

describe('mergeTimeline', () => {
  const messages = [message('a', '2026-05-20T10:00:00Z'), message('b', '2026-05-20T10:05:00.5Z'), message('c', '2026-05-21T09:00:00Z')];
  const activities = [
    activity(1, '2026-05-20T09:59:00Z', { kind: 'assigned', to: mia }, sue),
    activity(2, '2026-05-20T10:00:00Z', { kind: 'status', status: 'resolved', until: null }),
    activity(3, '2026-05-20T10:05:00.25Z', { kind: 'reopened', was: 'resolved' }, null),
    activity(4, '2026-05-21T10:00:00Z', { kind: 'woke' }, null),
  ];
  const keys = (hasOlder: boolean) =>
    mergeTimeline(messages, activities, hasOlder).map((x) => (x.kind === 'message' ? x.message.id : `#${x.activity.id}`));

  it('puts activity lines between the messages by time, a message first at the same moment', () => {
    expect(keys(false)).toEqual(['#1', 'a', '#2', '#3', 'b', 'c', '#4']);
  });

  it('holds back lines older than the first loaded message while older pages remain', () => {
    expect(keys(true)).toEqual(['a', '#2', '#3', 'b', 'c', '#4']);
  });

  it('merges internal notes by time like the other lines', () => {
    const note = activity(5, '2026-05-20T10:02:00Z', { kind: 'note', text: '@sue look', mentions: [sue] });
    const merged = mergeTimeline(messages, addActivity(activities, [note], 1), false);
    expect(merged.map((x) => (x.kind === 'message' ? x.message.id : `#${x.activity.id}`))).toEqual([
      '#1', 'a', '#2', '#5', '#3', 'b', 'c', '#4',
    ]);
    const shown = merged.find((x) => x.kind === 'activity' && x.activity.id === 5);
    expect(shown?.kind === 'activity' && isNote(shown.activity)).toBe(true);
    expect(activityText(note, local, en)).toBe('Mia added an internal note');
    expect(activityText(note, local, ru)).toBe('Mia: внутренняя заметка');
  });

  it('shows lines alone in a thread without messages', () => {
    expect(mergeTimeline([], activities, false)).toHaveLength(4);
  });

  it('gives the lines day separators like the messages', () => {
    const items = timelineWithDays(mergeTimeline([], activities.slice(3), false), new Date(2026, 4, 22), en);
    expect(items.map((i) => i.kind)).toEqual(['day', 'activity']);
    expect(items[1]?.key).toBe('activity-4');
  });
});

describe('assignment lines', () => {
  const at = '2026-05-20T10:00:00Z';

  it('tells taking, taking over, auto-assignment and the queue apart, in both languages', () => {
    const took = activity(20, at, { kind: 'assigned', to: mia }, mia);
    const tookOver = activity(21, at, { kind: 'assigned', to: mia, from: sue }, mia);
    const auto = activity(22, at, { kind: 'assigned', to: mia }, null);
    const requeued = activity(23, at, { kind: 'unassigned' }, null);
    expect([took, tookOver, auto, requeued].map((a) => activityText(a, null, en))).toEqual([
      'Mia took this',
      'Mia took this over from Sue',
      'Assigned to Mia automatically',
      'Returned to the queue',
    ]);
    expect([took, tookOver, auto, requeued].map((a) => activityText(a, null, ru))).toEqual([
      'Mia: диалог взят в работу',
      'Mia: диалог перехвачен у Sue',
      'Диалог назначен автоматически — Mia',
      'Диалог возвращён в очередь',
    ]);
    expect(activityText(took, mia, en)).toBe('Mia took this');
  });

  it('says which rule assigned it, a transfer, and why it went back to the queue', () => {
    const auto = (rule: AssignmentRule) => activity(40, at, { kind: 'assigned', to: mia, rule }, null);
    const transfer = activity(41, at, { kind: 'assigned', to: mia, from: sue }, local);
    const noReply = activity(42, at, { kind: 'unassigned', from: mia, reason: 'no_reply' }, null);
    const noReplyNobody = activity(43, at, { kind: 'unassigned', reason: 'no_reply' }, null);
    const lines = [auto('round_robin'), auto('least_loaded'), auto('returning_to_owner'), transfer, noReply, noReplyNobody];
    expect(lines.map((a) => activityText(a, local, en))).toEqual([
      'Assigned to Mia automatically (in turn)',
      'Assigned to Mia automatically (fewest open conversations)',
      'Back to Mia: a returning customer',
      'You passed this from Sue to Mia',
      'Returned to the queue: Mia did not reply in time',
      'Returned to the queue: no reply in time',
    ]);
    expect(lines.map((a) => activityText(a, null, ru))).toEqual([
      'Диалог назначен автоматически (по очереди) — Mia',
      'Диалог назначен автоматически (меньше всего открытых) — Mia',
      'Клиент вернулся — диалог снова у Mia',
      'Этот компьютер: диалог передан — Sue → Mia',
      'Диалог возвращён в очередь: Mia не ответил(а) вовремя',
      'Диалог возвращён в очередь: нет ответа вовремя',
    ]);
  });

  it('says an overdue reply with the minutes in the right form, and a contact field set or cleared', () => {
    const overdue = (minutes: number, assignee: OperatorRef | null = mia) =>
      activity(50, at, { kind: 'overdue', assignee, minutes }, null);
    const set = activity(51, at, { kind: 'contact_field', label: 'City', value: 'Moscow' }, sue);
    const cleared = activity(52, at, { kind: 'contact_field', label: 'City', value: null }, sue);
    expect(activityText(overdue(1), null, en)).toBe('The customer has waited 1 minute for Mia’s reply');
    expect(activityText(overdue(15, null), null, en)).toBe('The customer has waited 15 minutes for a reply');
    expect(activityText(overdue(1), null, ru)).toBe('Клиент ждёт ответа Mia уже 1 минуту');
    expect(activityText(overdue(3), null, ru)).toBe('Клиент ждёт ответа Mia уже 3 минуты');
    expect(activityText(overdue(15, null), null, ru)).toBe('Клиент ждёт ответа уже 15 минут');
    expect(activityText(set, null, en)).toBe('Sue set “City” to “Moscow”');
    expect(activityText(cleared, null, en)).toBe('Sue cleared “City”');
    expect(activityText(set, null, ru)).toBe('Sue: поле «City» — «Moscow»');
    expect(activityText(cleared, null, ru)).toBe('Sue: поле «City» очищено');
  });

  it('says tags put on and taken off, and something for a kind it does not know yet', () => {
    const tag: Tag = { id: 1, name: '<i>VIP</i>', color: 'red' };
    const tagged = activity(30, at, { kind: 'tagged', tag }, sue);
    const untagged = activity(31, at, { kind: 'untagged', tag }, sue);
    const unknown = activity(32, at, { kind: 'merged' } as unknown as Change, sue);
    expect([tagged, untagged, unknown].map((a) => activityText(a, null, en))).toEqual([
      'Sue tagged it “<i>VIP</i>”',
      'Sue removed the tag “<i>VIP</i>”',
      'Sue changed this',
    ]);
    expect([tagged, untagged, unknown].map((a) => activityText(a, null, ru))).toEqual([
      'Sue: добавлена метка «<i>VIP</i>»',
      'Sue: снята метка «<i>VIP</i>»',
      'Sue: диалог изменён',
    ]);
  });
});

describe('takeAction', () => {
  const manager = { id: 3, role: 'manager' as const };
  const supervisor = { id: 2, role: 'supervisor' as const };

  it('offers taking an unassigned conversation to whoever replies', () => {
    expect(takeAction(null, manager, true, true)).toBe('take');
    expect(takeAction(null, supervisor, true, true)).toBe('take');
    expect(takeAction(null, { id: 5, role: 'reviewer' }, false, true)).toBeNull();
    expect(takeAction(null, null, true, true)).toBeNull();
  });

  it('offers a manager taking over a colleague’s, nothing for their own', () => {
    expect(takeAction(sue, manager, true, true)).toBe('takeOver');
    // Where the team does not allow it, a manager is not offered it.
    expect(takeAction(sue, manager, true, false)).toBeNull();
    expect(takeAction(mia, manager, true, true)).toBeNull();
    // Supervisors use their assign select instead.
    expect(takeAction(mia, supervisor, true, true)).toBeNull();
  });
});
