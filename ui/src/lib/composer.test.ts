import { describe, expect, it } from 'vitest';
import { charCount, composerState, replyModes, type ComposerInput } from './composer';
import { capabilities, en, ru } from './fixtures';

const now = new Date('2026-05-20T12:00:00Z');
const state = (over: Partial<ComposerInput>, tr = en) => composerState(input(over), tr);
const input = (over: Partial<ComposerInput>): ComposerInput => ({
  text: 'hello',
  capabilities,
  sending: false,
  lastCustomerMessageAt: null,
  now,
  ...over,
});

describe('composerState', () => {
  it('allows a message within the limit', () => {
    expect(state({})).toEqual({ length: 5, limit: 10, canSend: true, reason: null });
  });

  it('counts characters as the gateway does (an emoji is one)', () => {
    expect(charCount('👍🏽a')).toBe(3);
    expect(state({ text: '😀'.repeat(10) }).canSend).toBe(true);
  });

  it('sends an attached file without a caption, still within the 24-hour window', () => {
    expect(state({ text: '', attachment: true }).canSend).toBe(true);
    const windowed = { ...capabilities, enforces_24h_window: true };
    expect(state({ text: '', attachment: true, capabilities: windowed }).canSend).toBe(false);
  });

  it('refuses empty text', () => {
    const s = state({ text: '  \n ' });
    expect(s.canSend).toBe(false);
    expect(s.reason).toMatch(/type a message/i);
  });

  it('refuses text over the limit and says by how much', () => {
    const s = state({ text: 'x'.repeat(13) });
    expect(s).toMatchObject({ length: 13, limit: 10, canSend: false });
    expect(s.reason).toContain('3 characters over');
    expect(state({ text: 'x'.repeat(11) }).reason).toBe('1 character over the gateway’s limit of 10.');
    expect(state({ text: 'x'.repeat(11) }, ru).reason).toBe('На 1 символ больше, чем допускает шлюз (10).');
    expect(state({ text: 'x'.repeat(13) }, ru).reason).toBe('На 3 символа больше, чем допускает шлюз (10).');
    expect(state({ text: 'x'.repeat(15) }, ru).reason).toBe('На 5 символов больше, чем допускает шлюз (10).');
  });

  it('refuses when the gateway cannot send text', () => {
    const s = state({ capabilities: { ...capabilities, text: false } });
    expect(s.canSend).toBe(false);
    expect(s.reason).toMatch(/cannot send text/);
  });

  it('refuses when the account is gone', () => {
    expect(state({ capabilities: null })).toMatchObject({ canSend: false, limit: null });
  });

  it('refuses while a send is in flight', () => {
    expect(state({ sending: true }).canSend).toBe(false);
  });

  it('enforces the 24-hour window where the gateway does', () => {
    const caps = { ...capabilities, enforces_24h_window: true };
    expect(state({ capabilities: caps, lastCustomerMessageAt: '2026-05-19T13:00:00Z' }).canSend).toBe(true);
    const late = state({ capabilities: caps, lastCustomerMessageAt: '2026-05-19T11:00:00Z' });
    expect(late.canSend).toBe(false);
    expect(late.reason).toMatch(/24 hours/);
    expect(state({ capabilities: caps, lastCustomerMessageAt: null }, ru).reason).toBe(
      'Окно 24 часа закрыто: можно отправить только шаблон.',
    );
    expect(state({ capabilities: caps, lastCustomerMessageAt: null }).canSend).toBe(false);
  });

  it('counts exactly 24 hours as closed, as the window badge does', () => {
    const caps = { ...capabilities, enforces_24h_window: true };
    expect(state({ capabilities: caps, lastCustomerMessageAt: '2026-05-19T12:00:00Z' }).canSend).toBe(false);
    expect(state({ capabilities: caps, lastCustomerMessageAt: '2026-05-19T12:00:01Z' }).canSend).toBe(true);
  });
});

describe('replyModes', () => {
  const windowed = { ...capabilities, enforces_24h_window: true };

  it('offers text and templates while the window is open', () => {
    expect(replyModes(windowed, '2026-05-20T10:00:00Z', now, true)).toEqual({ text: true, template: true, windowClosed: false });
  });

  it('offers only templates once the window closed, or before the customer ever wrote', () => {
    expect(replyModes(windowed, '2026-05-19T11:59:00Z', now, true)).toEqual({ text: false, template: true, windowClosed: true });
    expect(replyModes(windowed, null, now, true)).toEqual({ text: false, template: true, windowClosed: true });
  });

  it('keeps text where the gateway has no window, and offers no templates where there are none', () => {
    expect(replyModes(capabilities, null, now, false)).toEqual({ text: true, template: false, windowClosed: false });
    expect(replyModes(windowed, null, now, false)).toEqual({ text: false, template: false, windowClosed: true });
  });
});
