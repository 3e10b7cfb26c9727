import { describe, expect, it } from 'vitest';
import type { Tag } from '../bindings/Tag';
import { currentTags, isNewTagName, searchTags, sortTags, tagNamed, tagStyle, TAG_COLORS, TAG_STYLE } from './tags';

const vip: Tag = { id: 1, name: 'VIP', color: 'red' };
const lead: Tag = { id: 2, name: 'lead', color: 'blue' };
const hot: Tag = { id: 3, name: 'Hot lead', color: 'orange' };
const wholesale: Tag = { id: 4, name: 'wholesale', color: 'green' };
const all = [vip, lead, hot, wholesale];

describe('tags', () => {
  it('has a style for every colour and falls back to gray', () => {
    for (const c of TAG_COLORS) expect(TAG_STYLE[c]).toBeDefined();
    expect(tagStyle('red')).toContain('background:#fde8e8');
    expect(tagStyle('nonsense' as never)).toBe(tagStyle('gray'));
  });

  it('sorts by name whatever the case', () => {
    expect(sortTags(all).map((t) => t.id)).toEqual([3, 2, 1, 4]);
  });

  it('searches names not on the conversation yet, prefixes first', () => {
    expect(searchTags(all, [], 'lea').map((t) => t.id)).toEqual([2, 3]);
    expect(searchTags(all, [lead], 'LEA').map((t) => t.id)).toEqual([3]);
    expect(searchTags(all, [vip], '').map((t) => t.id)).toEqual([3, 2, 4]);
    expect(searchTags(all, [], 'zzz')).toEqual([]);
  });

  it('tells a new name from an existing one, whatever the case', () => {
    expect(tagNamed(all, ' vip ')).toBe(vip);
    expect(isNewTagName(all, 'Vip')).toBe(false);
    expect(isNewTagName(all, 'new one')).toBe(true);
    expect(isNewTagName(all, '  ')).toBe(false);
  });

  it('shows a conversation’s tags as the team’s list has them now', () => {
    const renamed: Tag = { id: 1, name: 'Gold', color: 'yellow' };
    const byId = new Map([[1, renamed]]);
    expect(currentTags([vip, lead], byId)).toEqual([renamed, lead]);
  });
});
