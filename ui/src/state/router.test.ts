import { describe, expect, it } from 'vitest';
import { hashOf, match, pathOf, paths, queryOf, withParam } from './router.svelte';

const routes = [
  { path: '/', screen: 'home' },
  { path: '/c/:id', screen: 'conversation' },
  { path: '/settings', screen: 'settings' },
  { path: '/settings/address', screen: 'address' },
] as const;

describe('the router', () => {
  it('reads the path from the hash', () => {
    expect(pathOf('')).toBe('/');
    expect(pathOf('#/')).toBe('/');
    expect(pathOf('#/settings/')).toBe('/settings');
    expect(pathOf('#settings')).toBe('/settings');
    expect(pathOf('#/c/42?x=1')).toBe('/c/42');
  });

  it('matches literal segments and parameters, the first route that fits', () => {
    expect(match(routes, '/')).toEqual({ screen: 'home', supervise: false, params: {}, path: '/' });
    expect(match(routes, paths.conversation(42))).toEqual({
      screen: 'conversation',
      supervise: false,
      params: { id: '42' },
      path: '/c/42',
    });
    expect(match([{ path: '/team', screen: 'team', supervise: true }], paths.team)?.supervise).toBe(true);
    expect(match(routes, paths.publicAddress)?.screen).toBe('address');
    expect(match(routes, '/settings')?.screen).toBe('settings');
  });

  it('finds nothing for an unknown address', () => {
    expect(match(routes, '/reports')).toBeNull();
    expect(match(routes, '/c')).toBeNull();
    expect(match(routes, '/c/1/2')).toBeNull();
  });

  it('keeps a query beside the path (the inbox’s view), one parameter at a time', () => {
    expect(queryOf('#/c/42?view=mine')).toBe('view=mine');
    expect(queryOf('#/c/42')).toBe('');
    expect(withParam('', 'view', 'tag-5')).toBe('view=tag-5');
    expect(withParam('view=tag-5&x=1', 'view', 'mine')).toBe('view=mine&x=1');
    expect(withParam('view=mine', 'view', null)).toBe('');
    expect(hashOf('/c/42', 'view=mine')).toBe('/c/42?view=mine');
    expect(hashOf('/', '')).toBe('/');
    expect(pathOf(`#${hashOf('/c/42', 'view=mine')}`)).toBe('/c/42');
  });
});
