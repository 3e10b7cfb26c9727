import { describe, expect, it } from 'vitest';
import type { ViewCounts } from '../bindings/ViewCounts';
import { conversation, en, phrase, ru } from './fixtures';
import type { Viewer } from './roles';
import {
  checkPhone,
  countOf,
  formatCount,
  keepShown,
  matches,
  needsTemplate,
  normalQuery,
  operatorViews,
  parseView,
  seesAll,
  toggled,
  toggledAll,
  viewFilter,
  viewKey,
  type View,
} from './views';

const at = '2026-05-20T10:00:00Z';
const anna: Viewer = { id: 7, role: 'manager', managersSeeAll: false };
const sergei: Viewer = { id: 2, role: 'supervisor', managersSeeAll: false };
const mine = { id: 7, name: 'Anna' };
const boris = { id: 8, name: 'Boris' };
const vip = { id: 5, name: 'VIP', color: 'red' as const };

describe('view keys', () => {
  const every: View[] = [
    { kind: 'all' },
    { kind: 'mine' },
    { kind: 'unassigned' },
    { kind: 'operator', id: 3 },
    { kind: 'status', status: 'snoozed' },
    { kind: 'tag', id: 5 },
    { kind: 'account', id: 12 },
  ];

  it('names every view and reads the name back', () => {
    expect(every.map(viewKey)).toEqual(['all', 'mine', 'unassigned', 'operator-3', 'status-snoozed', 'tag-5', 'account-12']);
    for (const view of every) expect(parseView(viewKey(view))).toEqual(view);
  });

  it('reads nothing from an address it does not know', () => {
    for (const key of [null, undefined, '', 'tag-', 'tag-0', 'tag-x', 'status-closed', 'operator-3-4', 'Mine', 'tag-01']) {
      expect(parseView(key)).toBeNull();
    }
  });
});

describe('what a view asks for', () => {
  it('puts each view in its field, the search trimmed, none when blank', () => {
    expect(viewFilter({ kind: 'all' })).toEqual({});
    expect(viewFilter({ kind: 'mine' })).toEqual({ assignee: { kind: 'mine' } });
    expect(viewFilter({ kind: 'unassigned' }, '   ')).toEqual({ assignee: { kind: 'unassigned' } });
    expect(viewFilter({ kind: 'operator', id: 8 })).toEqual({ assignee: { kind: 'operator', operator_id: 8 } });
    expect(viewFilter({ kind: 'status', status: 'pending' }, ' +7 903  123 ')).toEqual({ status: 'pending', query: '+7 903 123' });
    expect(viewFilter({ kind: 'tag', id: 5 })).toEqual({ tag_id: 5 });
    expect(viewFilter({ kind: 'account', id: 2 })).toEqual({ account_id: 2 });
    expect(normalQuery('\tIvan \n Petrov ')).toBe('Ivan Petrov');
  });
});

describe('whether a changed conversation belongs in the list', () => {
  const c = (over: Parameters<typeof conversation>[3] = {}) => conversation(1, at, 0, over);

  it('follows the assignee views', () => {
    expect(matches({ assignee: { kind: 'mine' } }, c({ assignee: mine }), anna)).toBe(true);
    expect(matches({ assignee: { kind: 'mine' } }, c(), anna)).toBe(false);
    expect(matches({ assignee: { kind: 'mine' } }, c({ assignee: mine }), null)).toBe(false);
    expect(matches({ assignee: { kind: 'unassigned' } }, c(), anna)).toBe(true);
    expect(matches({ assignee: { kind: 'unassigned' } }, c({ assignee: mine }), anna)).toBe(false);
    expect(matches({ assignee: { kind: 'operator', operator_id: 8 } }, c({ assignee: boris }), sergei)).toBe(true);
    expect(matches({ assignee: { kind: 'operator', operator_id: 8 } }, c({ assignee: mine }), sergei)).toBe(false);
  });

  it('never shows a manager a colleague’s conversation they may not see, in any view', () => {
    expect(matches({}, c({ assignee: boris }), anna)).toBe(false);
    expect(matches({ status: 'open' }, c({ assignee: boris }), anna)).toBe(false);
    expect(matches({}, c({ assignee: boris }), { ...anna, managersSeeAll: true })).toBe(true);
    expect(matches({}, c({ assignee: boris }), sergei)).toBe(true);
  });

  it('follows status, tag and account', () => {
    expect(matches({ status: 'resolved' }, c({ status: 'resolved' }), sergei)).toBe(true);
    expect(matches({ status: 'resolved' }, c({ status: 'open' }), sergei)).toBe(false);
    expect(matches({ tag_id: 5 }, c({ tags: [vip] }), sergei)).toBe(true);
    expect(matches({ tag_id: 5 }, c({ tags: [] }), sergei)).toBe(false);
    expect(matches({ account_id: 2 }, c({ account_id: 2 }), sergei)).toBe(true);
    expect(matches({ account_id: 2 }, c({ account_id: 1 }), sergei)).toBe(false);
  });

  it('cannot tell with a search (message text is the server’s to match) unless the rest rules it out', () => {
    expect(matches({ query: 'invoice' }, c(), sergei)).toBeNull();
    expect(matches({ query: 'invoice', status: 'pending' }, c({ status: 'open' }), sergei)).toBe(false);
    expect(matches({ query: '  ' }, c(), sergei)).toBe(true);
  });
});

describe('the counts', () => {
  const counts: ViewCounts = {
    mine: 3,
    unassigned: 4,
    all: 12,
    by_operator: [{ operator: boris, count: 5 }],
    by_status: [
      { status: 'open', count: 12 },
      { status: 'resolved', count: 40 },
    ],
    by_tag: [{ tag_id: 5, count: 2 }],
    by_account: [{ account_id: 1, count: 12 }],
  };

  it('gives each view its count, nothing counted as none', () => {
    expect(countOf({ kind: 'mine' }, counts)).toBe(3);
    expect(countOf({ kind: 'unassigned' }, counts)).toBe(4);
    expect(countOf({ kind: 'all' }, counts)).toBe(12);
    expect(countOf({ kind: 'operator', id: 8 }, counts)).toBe(5);
    expect(countOf({ kind: 'operator', id: 9 }, counts)).toBe(0);
    expect(countOf({ kind: 'status', status: 'resolved' }, counts)).toBe(40);
    expect(countOf({ kind: 'status', status: 'snoozed' }, counts)).toBe(0);
    expect(countOf({ kind: 'tag', id: 5 }, counts)).toBe(2);
    expect(countOf({ kind: 'account', id: 1 }, counts)).toBe(12);
    expect(countOf({ kind: 'mine' }, null)).toBeNull();
  });

  it('counts a manager’s own and unassigned as their "All" when they see only those', () => {
    expect(countOf({ kind: 'all' }, { ...counts, all: null })).toBe(7);
    expect(seesAll(anna)).toBe(false);
    expect(seesAll({ ...anna, managersSeeAll: true })).toBe(true);
    expect(seesAll(sergei)).toBe(true);
  });

  it('writes counts the reader’s way, capped', () => {
    expect(formatCount(0, en)).toBe('0');
    expect(formatCount(1234, en)).toBe('1,234');
    expect(formatCount(1234, ru)).toBe('1\u00a0234');
    expect(formatCount(100_000, en)).toBe('9,999+');
  });

  it('says how many in Russian with the right plural', () => {
    expect(ru.t('views.count.open', { count: 1 })).toBe('1 открытый диалог');
    expect(ru.t('views.count.open', { count: 3 })).toBe('3 открытых диалога');
    expect(ru.t('views.count.open', { count: 11 })).toBe('11 открытых диалогов');
    expect(en.t('views.count.open', { count: 1 })).toBe('1 open conversation');
  });

  it('lists operators once each, by name: those counted and those assignable', () => {
    expect(operatorViews([{ operator: boris }], [{ id: 7, name: 'anna' }, { id: 8, name: 'Boris' }])).toEqual([
      { id: 7, name: 'anna' },
      { id: 8, name: 'Boris' },
    ]);
  });
});

describe('the selection', () => {
  const shown = [{ id: 1 }, { id: 2 }, { id: 3 }];

  it('ticks and unticks one row', () => {
    expect([...toggled(new Set([1]), 2)]).toEqual([1, 2]);
    expect([...toggled(new Set([1, 2]), 1)]).toEqual([2]);
  });

  it('ticks every row shown, or none once all are', () => {
    expect([...toggledAll(new Set([2]), shown)]).toEqual([1, 2, 3]);
    expect([...toggledAll(new Set([1, 2, 3]), shown)]).toEqual([]);
    expect([...toggledAll(new Set(), [])]).toEqual([]);
  });

  it('acts only on rows still shown', () => {
    expect([...keepShown(new Set([1, 4]), shown)]).toEqual([1]);
  });

  it('tells the outcome in both languages', () => {
    expect(en.t('bulk.updated', { count: 2 })).toBe('2 conversations changed.');
    expect(ru.t('bulk.updated', { count: 2 })).toBe('Изменено 2 диалога.');
    expect(ru.t('bulk.selected', { count: 21 })).toBe('Выбран 21');
  });
});

describe('the phone of a new conversation', () => {
  it('reads the common forms as the server does', () => {
    expect(checkPhone('+7 (903) 456-78-90')).toEqual({ ok: true, e164: '+79034567890' });
    expect(checkPhone('8 903 456 78 90')).toEqual({ ok: true, e164: '+79034567890' });
    expect(checkPhone('0049 30 1234567')).toEqual({ ok: true, e164: '+49301234567' });
    expect(checkPhone(' 44.20.7946.0958 ')).toEqual({ ok: true, e164: '+442079460958' });
    expect(checkPhone('+7\u00a0903\u00a0456\u00a078\u00a090')).toEqual({ ok: true, e164: '+79034567890' });
  });

  it('says what is wrong', () => {
    expect(checkPhone('  ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkPhone('+7 903 CALL-ME')).toEqual({ ok: false, problem: 'characters' });
    expect(checkPhone('7+9034567890')).toEqual({ ok: false, problem: 'characters' });
    expect(checkPhone('12345')).toEqual({ ok: false, problem: 'length' });
    expect(checkPhone('+1234567890123456')).toEqual({ ok: false, problem: 'length' });
    expect(checkPhone('0123456789')).toEqual({ ok: false, problem: 'length' });
  });
});

describe('the 24-hour rule when starting a conversation', () => {
  it('is recognised in the gateways’ refusals and the composer’s own words', () => {
    expect(needsTemplate(phrase('meta.error.131047', 'More than 24 hours'))).toBe(true);
    expect(needsTemplate(phrase('devino.status.2312', 'only a template'))).toBe(true);
    expect(needsTemplate({ ui: 'composer.window' })).toBe(true);
  });

  it('is not read into other refusals', () => {
    expect(needsTemplate(phrase('phone.bad_length', 'not a phone'))).toBe(false);
    expect(needsTemplate({ ui: 'error.notConnected' })).toBe(false);
  });
});
