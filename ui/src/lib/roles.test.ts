import { describe, expect, it } from 'vitest';
import { operator } from './fixtures';
import { permissions, sees, viewerOf } from './roles';

describe('roles', () => {
  it('lets managers and supervisors reply and handle conversations, supervisors alone run the team, reviewers and supervisors review', () => {
    expect(permissions('manager')).toEqual({ reply: true, handle: true, supervise: false, review: false });
    expect(permissions('supervisor')).toEqual({ reply: true, handle: true, supervise: true, review: true });
    expect(permissions('reviewer')).toEqual({ reply: false, handle: false, supervise: false, review: true });
    expect(permissions(null)).toEqual({ reply: false, handle: false, supervise: false, review: false });
  });

  it('shows a manager their own and unassigned conversations, unless the team lets them see all', () => {
    const manager = viewerOf({ operator: operator(7, 'Anna'), managers_see_all: false })!;
    expect(sees(manager, null)).toBe(true);
    expect(sees(manager, { id: 7, name: 'Anna' })).toBe(true);
    expect(sees(manager, { id: 8, name: 'Boris' })).toBe(false);
    expect(sees({ ...manager, managersSeeAll: true }, { id: 8, name: 'Boris' })).toBe(true);
    expect(sees({ ...manager, role: 'reviewer' }, { id: 8, name: 'Boris' })).toBe(true);
    expect(viewerOf(null)).toBeNull();
  });
});
