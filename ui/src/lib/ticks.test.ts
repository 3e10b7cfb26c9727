import { describe, expect, it } from 'vitest';
import { message } from './fixtures';
import { tickOf } from './ticks';

const at = '2026-01-02T10:00:00Z';

describe('tickOf', () => {
  it('maps each delivery status to its mark', () => {
    expect(tickOf(message('a', at, { status: 'queued', send_state: 'queued' })).kind).toBe('clock');
    expect(tickOf(message('a', at, { status: 'queued', send_state: 'sending' })).kind).toBe('clock');
    expect(tickOf(message('a', at, { status: 'sent', send_state: 'done' })).kind).toBe('sent');
    expect(tickOf(message('a', at, { status: 'delivered', send_state: 'done' })).kind).toBe('delivered');
    expect(tickOf(message('a', at, { status: 'seen', send_state: 'done' })).kind).toBe('seen');
  });

  it('shows no mark on incoming messages', () => {
    expect(tickOf(message('a', at, { direction: 'in', status: 'received', send_state: null })).kind).toBe('none');
  });

  it('shows a send the gateway refused with its reason and a retry', () => {
    const tick = tickOf(
      message('a', at, {
        status: 'rejected',
        send_state: 'failed',
        error: { code: 'invalid', message: 'The sender name is not registered.' },
      }),
    );
    expect(tick).toMatchObject({ kind: 'failed', retry: true, reason: 'The sender name is not registered.' });
  });

  it('shows an undeliverable message with the reason, without a retry the outbox would refuse', () => {
    const tick = tickOf(
      message('a', at, {
        status: 'failed',
        send_state: 'done',
        error: { code: '2305', message: 'The customer does not use WhatsApp.' },
      }),
    );
    expect(tick).toMatchObject({ kind: 'failed', retry: false, reason: 'The customer does not use WhatsApp.' });
  });

  it('falls back to the last reason in the status history', () => {
    const tick = tickOf(
      message('a', at, {
        status: 'rejected',
        send_state: 'failed',
        history: [
          { status: 'queued', at, code: null, reason: null },
          { status: 'rejected', at, code: 'invalid', reason: 'The phone number is invalid.' },
        ],
      }),
    );
    expect(tick).toMatchObject({ kind: 'failed', label: 'Rejected', reason: 'The phone number is invalid.' });
  });

  it('offers a retry for a send the gateway never confirmed', () => {
    const tick = tickOf(message('a', at, { status: 'queued', send_state: 'unconfirmed' }));
    expect(tick.kind).toBe('failed');
    expect(tick.retry).toBe(true);
  });

  it('lets a later delivered beat an earlier failure', () => {
    expect(tickOf(message('a', at, { status: 'delivered', send_state: 'failed' })).kind).toBe('delivered');
  });

  it('keeps a gateway word it does not know', () => {
    expect(tickOf(message('a', at, { status: 'paused', send_state: 'done' }))).toMatchObject({
      kind: 'other',
      label: 'paused',
    });
  });

  it('says why a queued message waits to be tried again', () => {
    const tick = tickOf(message('a', at, { error: { code: '2301', message: 'Too many messages; retrying.' } }));
    expect(tick).toMatchObject({ kind: 'clock', retry: false, reason: 'Too many messages; retrying.' });
  });
});
