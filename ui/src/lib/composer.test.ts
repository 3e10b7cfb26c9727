import { describe, expect, it } from 'vitest';
import { charCount, composerState, type ComposerInput } from './composer';
import { capabilities } from './fixtures';

const now = new Date('2026-05-20T12:00:00Z');
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
    expect(composerState(input({}))).toEqual({ length: 5, limit: 10, canSend: true, reason: null });
  });

  it('counts characters as the gateway does (an emoji is one)', () => {
    expect(charCount('👍🏽a')).toBe(3);
    expect(composerState(input({ text: '😀'.repeat(10) })).canSend).toBe(true);
  });

  it('sends an attached file without a caption, still within the 24-hour window', () => {
    expect(composerState(input({ text: '', attachment: true })).canSend).toBe(true);
    const windowed = { ...capabilities, enforces_24h_window: true };
    expect(composerState(input({ text: '', attachment: true, capabilities: windowed })).canSend).toBe(false);
  });

  it('refuses empty text', () => {
    const s = composerState(input({ text: '  \n ' }));
    expect(s.canSend).toBe(false);
    expect(s.reason).toMatch(/type a message/i);
  });

  it('refuses text over the limit and says by how much', () => {
    const s = composerState(input({ text: 'x'.repeat(13) }));
    expect(s).toMatchObject({ length: 13, limit: 10, canSend: false });
    expect(s.reason).toContain('3 characters over');
  });

  it('refuses when the gateway cannot send text', () => {
    const s = composerState(input({ capabilities: { ...capabilities, text: false } }));
    expect(s.canSend).toBe(false);
    expect(s.reason).toMatch(/cannot send text/);
  });

  it('refuses when the account is gone', () => {
    expect(composerState(input({ capabilities: null }))).toMatchObject({ canSend: false, limit: null });
  });

  it('refuses while a send is in flight', () => {
    expect(composerState(input({ sending: true })).canSend).toBe(false);
  });

  it('enforces the 24-hour window where the gateway does', () => {
    const caps = { ...capabilities, enforces_24h_window: true };
    expect(composerState(input({ capabilities: caps, lastCustomerMessageAt: '2026-05-19T13:00:00Z' })).canSend).toBe(true);
    const late = composerState(input({ capabilities: caps, lastCustomerMessageAt: '2026-05-19T11:00:00Z' }));
    expect(late.canSend).toBe(false);
    expect(late.reason).toMatch(/24 hours/);
    expect(composerState(input({ capabilities: caps, lastCustomerMessageAt: null })).canSend).toBe(false);
  });
});
