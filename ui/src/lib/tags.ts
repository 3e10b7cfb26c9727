// Tags as shown and chosen: their colours (named ones only, never a CSS value from a client),
// the picker's search over the team's list, and whether what was typed is a new tag.
import type { Tag } from '../bindings/Tag';
import type { TagColor } from '../bindings/TagColor';

export const TAG_COLORS: readonly TagColor[] = ['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink'];

/** Each colour's chip: background, border and text. */
export const TAG_STYLE: Record<TagColor, { bg: string; border: string; text: string }> = {
  gray: { bg: '#eef0f3', border: '#c9ced6', text: '#3f4752' },
  red: { bg: '#fde8e8', border: '#f3b4b4', text: '#9b1c1c' },
  orange: { bg: '#feecdc', border: '#f8c196', text: '#8a3c0b' },
  yellow: { bg: '#fdf6b2', border: '#e9d66b', text: '#723b13' },
  green: { bg: '#def7ec', border: '#95dbb8', text: '#03543f' },
  teal: { bg: '#d5f5f6', border: '#8ad6d9', text: '#035e63' },
  blue: { bg: '#e1effe', border: '#a4cafe', text: '#1e429f' },
  purple: { bg: '#edebfe', border: '#c3b8f8', text: '#5521b5' },
  pink: { bg: '#fce8f3', border: '#f4b3d6', text: '#99154b' },
};

/** A chip's inline style for a colour (unknown names fall back to gray). */
export function tagStyle(color: TagColor): string {
  const s = TAG_STYLE[color] ?? TAG_STYLE.gray;
  return `background:${s.bg};border-color:${s.border};color:${s.text}`;
}

/** Each colour's name, as UI strings. */
export const TAG_COLOR_NAMES = {
  gray: 'tags.color.gray',
  red: 'tags.color.red',
  orange: 'tags.color.orange',
  yellow: 'tags.color.yellow',
  green: 'tags.color.green',
  teal: 'tags.color.teal',
  blue: 'tags.color.blue',
  purple: 'tags.color.purple',
  pink: 'tags.color.pink',
} as const satisfies Record<TagColor, string>;

const fold = (s: string) => s.trim().toLocaleLowerCase();

/** Tags by name, whatever the case. */
export function sortTags(tags: readonly Tag[]): Tag[] {
  return [...tags].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id - b.id);
}

/**
 * The team's tags the picker offers for a search: those not on the conversation yet, names
 * starting with the search first, then containing it (case ignored), by name.
 */
export function searchTags(all: readonly Tag[], on: readonly Tag[], search: string): Tag[] {
  const q = fold(search);
  const taken = new Set(on.map((t) => t.id));
  const rank = (t: Tag) => {
    const name = fold(t.name);
    return q === '' || name.startsWith(q) ? 0 : name.includes(q) ? 1 : -1;
  };
  return sortTags(all)
    .filter((t) => !taken.has(t.id))
    .map((t) => ({ t, r: rank(t) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r)
    .map((x) => x.t);
}

/** The tag named `name` whatever its case (tag names are unique so), if there is one. */
export function tagNamed(all: readonly Tag[], name: string): Tag | undefined {
  const q = fold(name);
  return all.find((t) => fold(t.name) === q);
}

/** Whether the search is a name no tag has yet (so the picker offers to create it). */
export function isNewTagName(all: readonly Tag[], search: string): boolean {
  return search.trim() !== '' && tagNamed(all, search) === undefined;
}

/** A conversation's tags as the team's list has them now (renamed, recoloured), by name. */
export function currentTags(on: readonly Tag[], byId: ReadonlyMap<number, Tag>): Tag[] {
  return sortTags(on.map((t) => byId.get(t.id) ?? t));
}
