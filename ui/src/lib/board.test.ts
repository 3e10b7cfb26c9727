import { describe, expect, it } from 'vitest';
import type { Board } from '../bindings/Board';
import type { Event } from '../bindings/Event';
import { accountNamed, boardChanges, boardTotals, operatorsByWait, waited, waitedSeconds, waitingOldestFirst } from './board';

const board: Board = {
  operators: [
    { operator: { id: 1, name: 'Olga' }, accepting: true, open: 4, waiting: 1, oldest_waiting_since: '2026-03-05T10:20:00Z' },
    { operator: { id: 2, name: 'anna' }, accepting: false, open: 2, waiting: 0, oldest_waiting_since: null },
    { operator: { id: 3, name: 'Boris' }, accepting: true, open: 3, waiting: 2, oldest_waiting_since: '2026-03-05T09:00:00Z' },
  ],
  waiting: [
    { conversation_id: 7, contact: 'Ivan', account: 'Shop', assignee: null, waiting_since: '2026-03-05T10:50:00Z' },
    { conversation_id: 5, contact: '+79031234567', account: 'Shop', assignee: { id: 3, name: 'Boris' }, waiting_since: '2026-03-05T09:00:00Z' },
  ],
  waiting_total: 3,
};

const now = new Date('2026-03-05T11:00:00Z');

describe('the live board', () => {
  it('lists waiting customers oldest first', () => {
    expect(waitingOldestFirst(board).map((w) => w.conversation_id)).toEqual([5, 7]);
  });

  it('puts the operator with the longest wait first, then the rest by name', () => {
    expect(operatorsByWait(board.operators, 'en').map((o) => o.operator.name)).toEqual(['Boris', 'Olga', 'anna']);
  });

  it('says how long in both languages, never negative', () => {
    expect(waitedSeconds('2026-03-05T10:50:00Z', now)).toBe(600);
    expect(waitedSeconds('2026-03-05T11:00:30Z', now)).toBe(0);
    expect(waitedSeconds('nonsense', now)).toBe(0);
    expect(waited('2026-03-05T09:00:00Z', now, 'en')).toBe('2h');
    expect(waited('2026-03-05T10:50:00Z', now, 'ru')).toBe('10 мин');
    expect(waited('2026-03-05T09:55:00Z', now, 'ru')).toBe('1 ч 5 мин');
  });

  it('adds up who takes chats, what is open and who waits', () => {
    expect(boardTotals(board)).toEqual({ accepting: 2, open: 9, waiting: 3 });
  });

  it('asks again on events that move conversations, not on others', () => {
    const yes: Event[] = [{ type: 'team' }, { type: 'accounts' }];
    const no: Event[] = [{ type: 'tags' }, { type: 'canned', owner_id: null }, { type: 'public_address' }];
    for (const e of yes) expect(boardChanges(e)).toBe(true);
    for (const e of no) expect(boardChanges(e)).toBe(false);
  });
});

describe('the board’s accounts', () => {
  it('are found by name, so the sandbox is named in the reader’s language', () => {
    const accounts = [{ id: 1, name: 'Shop', sandbox: false }, { id: 2, name: 'Sandbox', sandbox: true }];
    expect(accountNamed('Sandbox', accounts)?.id).toBe(2);
    expect(accountNamed('Gone', accounts)).toBeNull();
  });
});
