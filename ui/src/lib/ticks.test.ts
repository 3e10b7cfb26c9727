import { describe, expect, it } from 'vitest';
import { en, message, phrase, ru } from './fixtures';
import { tickOf } from './ticks';

const at = '2026-01-02T10:00:00Z';
const now = new Date(at);
const tick = (over: Parameters<typeof message>[2], tr = en) => tickOf(message('a', at, over), tr, now);

describe('tickOf', () => {
  it('maps each delivery status to its mark', () => {
    expect(tick({ status: 'queued', send_state: 'queued' }).kind).toBe('clock');
    expect(tick({ status: 'queued', send_state: 'sending' }).kind).toBe('clock');
    expect(tick({ status: 'sent', send_state: 'done' }).kind).toBe('sent');
    expect(tick({ status: 'delivered', send_state: 'done' }).kind).toBe('delivered');
    expect(tick({ status: 'seen', send_state: 'done' }).kind).toBe('seen');
  });

  it('names the mark in the reader’s language', () => {
    expect(tick({ status: 'delivered', send_state: 'done' }).label).toBe('Delivered');
    expect(tick({ status: 'delivered', send_state: 'done' }, ru).label).toBe('Доставлено');
    expect(tick({ status: 'seen', send_state: 'done' }, ru).label).toBe('Прочитано');
    expect(tick({ status: 'queued', send_state: 'failed' }, ru).label).toBe('Не отправлено');
  });

  it('shows no mark on incoming messages', () => {
    expect(tick({ direction: 'in', status: 'received', send_state: null }).kind).toBe('none');
  });

  it('shows a send the gateway refused with its reason, a retry and a discard', () => {
    const refused = {
      status: 'rejected',
      send_state: 'failed',
      error: {
        code: 'invalid',
        message: 'Devino refused the sender name MyShop',
        phrase: phrase('verbatim', 'Devino refused the sender name MyShop', { text: 'Devino refused the sender name MyShop' }),
      },
    } as const;
    expect(tick(refused)).toMatchObject({
      kind: 'failed',
      label: 'Rejected',
      actions: ['retry', 'discard'],
      reason: 'Devino refused the sender name MyShop',
    });
    expect(tick(refused, ru).label).toBe('Отклонено');
  });

  it('translates the reason when it is a phrase the UI knows', () => {
    const failure = {
      status: 'queued',
      send_state: 'failed',
      error: { code: null, message: 'The phone number is empty', phrase: phrase('phone.empty', 'The phone number is empty') },
    } as const;
    expect(tick(failure).reason).toBe('The phone number is empty');
    expect(tick(failure, ru).reason).toBe('Номер телефона не указан');
  });

  it('shows an undeliverable message with the reason, without actions the outbox would refuse', () => {
    const t = tick({
      status: 'failed',
      send_state: 'done',
      error: { code: '2305', message: 'Not on WhatsApp', phrase: phrase('verbatim', 'Not on WhatsApp', { text: 'Not on WhatsApp' }) },
    });
    expect(t).toMatchObject({ kind: 'failed', label: 'Not delivered', actions: [], reason: 'Not on WhatsApp' });
  });

  it('falls back to the last reason in the status history', () => {
    const t = tick({
      status: 'rejected',
      send_state: 'failed',
      history: [
        { status: 'queued', at, code: null, reason: null },
        { status: 'rejected', at, code: 'invalid', reason: phrase('phone.empty', 'The phone number is empty') },
      ],
    });
    expect(t).toMatchObject({ kind: 'failed', label: 'Rejected', reason: 'The phone number is empty' });
  });

  it('offers retry and discard for a send the gateway never confirmed', () => {
    const t = tick({ status: 'queued', send_state: 'unconfirmed' });
    expect(t).toMatchObject({ kind: 'failed', actions: ['retry', 'discard'] });
    expect(tick({ status: 'queued', send_state: 'unconfirmed' }, ru).reason).toMatch(/^Приложение остановилось/);
  });

  it('shows a discarded message as such, with nothing more to do', () => {
    const t = tick({ status: 'queued', send_state: 'discarded' });
    expect(t).toMatchObject({ kind: 'discarded', label: 'Discarded', actions: [] });
    expect(tick({ status: 'queued', send_state: 'discarded' }, ru).label).toBe('Отменено');
  });

  it('lets a later delivered beat an earlier failure', () => {
    expect(tick({ status: 'delivered', send_state: 'failed' }).kind).toBe('delivered');
  });

  it('keeps a gateway word it does not know', () => {
    expect(tick({ status: 'paused', send_state: 'done' })).toMatchObject({ kind: 'other', label: 'paused' });
  });

  it('offers send now and cancel on a queued message waiting out a backoff, and says when', () => {
    const waiting = {
      status: 'queued',
      send_state: 'queued',
      attempts: 2,
      next_attempt_at: '2026-01-02T10:05:00Z',
      error: { code: 'retrying', message: 'Too many messages', phrase: phrase('verbatim', 'Too many messages', { text: 'Too many messages' }) },
    } as const;
    expect(tick(waiting)).toMatchObject({
      kind: 'clock',
      actions: ['send_now', 'cancel'],
      reason: 'Too many messages',
      next: 'Next attempt in 5 minutes.',
    });
    expect(tick(waiting, ru).next).toBe('Следующая попытка через 5 минут.');
    // A first attempt under way offers nothing.
    expect(tick({ status: 'queued', send_state: 'queued' }).actions).toEqual([]);
  });
});
