import { describe, expect, it } from 'vitest';
import { LiveEvents } from './liveEvents';

describe('LiveEvents', () => {
  it('tells whether a message had an event after a mark', () => {
    const events = new LiveEvents();
    events.seen('a');
    const mark = events.mark();
    expect(events.since('a', mark)).toBe(false);
    events.seen('b');
    expect(events.since('b', mark)).toBe(true);
    expect(events.since('a', mark)).toBe(false);
    events.seen('a');
    expect(events.since('a', mark)).toBe(true);
    expect(events.since('never', mark)).toBe(false);
  });
});
