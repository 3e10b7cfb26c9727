// A small hash router: `#/c/42`, `#/settings` … The table of screens is src/routes.ts; this
// module matches a hash against it and follows the address bar.

export interface RouteDef<S> {
  /** `/settings`, `/c/:id`: literal segments and `:name` parameters. */
  path: string;
  screen: S;
  /** Only supervisors open it (the team, accounts, the public address). */
  supervise?: boolean;
}

export interface Match<S> {
  screen: S;
  supervise: boolean;
  params: Readonly<Record<string, string>>;
  /** The path matched, e.g. `/c/42`. */
  path: string;
}

/** The path a hash stands for: `#/c/42` → `/c/42`; empty → `/`. */
export function pathOf(hash: string): string {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The first route whose pattern fits `path`, or null. */
export function match<S>(routes: readonly RouteDef<S>[], path: string): Match<S> | null {
  const parts = path.split('/').filter((p) => p !== '');
  for (const route of routes) {
    const pattern = route.path.split('/').filter((p) => p !== '');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = pattern.every((segment, i) => {
      const part = parts[i] as string;
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part);
        return true;
      }
      return segment === part;
    });
    if (fits) return { screen: route.screen, supervise: route.supervise ?? false, params, path };
  }
  return null;
}

/** The app's addresses, so that links are written once. */
export const paths = {
  inbox: '/',
  conversation: (id: number) => `/c/${id}`,
  settings: '/settings',
  publicAddress: '/settings/address',
  addAccount: '/settings/accounts/new',
  team: '/team',
} as const;

export function href(path: string): string {
  return `#${path}`;
}

/** The query a hash carries after its path: `#/c/42?view=mine` → `view=mine`. */
export function queryOf(hash: string): string {
  const at = hash.indexOf('?');
  return at === -1 ? '' : hash.slice(at + 1);
}

/** `query` with one parameter set (or, with null, taken out); the others kept as they were. */
export function withParam(query: string, name: string, value: string | null): string {
  const params = new URLSearchParams(query);
  if (value === null) params.delete(name);
  else params.set(name, value);
  return params.toString();
}

/** A hash for a path and a query (none: the path alone). */
export function hashOf(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}

/**
 * The current path, following the address bar (back and forward work), and its query: what
 * stays the same from screen to screen (the inbox's view), kept when going elsewhere.
 */
class Router {
  path: string = $state(typeof window === 'undefined' ? '/' : pathOf(window.location.hash));
  query: string = $state(typeof window === 'undefined' ? '' : queryOf(window.location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.path = pathOf(window.location.hash);
        this.query = queryOf(window.location.hash);
      });
    }
  }

  go(path: string): void {
    if (typeof window === 'undefined' || pathOf(window.location.hash) === path) return;
    window.location.hash = hashOf(path, this.query);
  }

  param(name: string): string | null {
    return new URLSearchParams(this.query).get(name);
  }

  /** Sets a query parameter in place (no new history entry: the back button changes screens). */
  setParam(name: string, value: string | null): void {
    const query = withParam(this.query, name, value);
    if (query === this.query) return;
    this.query = query;
    if (typeof window !== 'undefined') window.history.replaceState(window.history.state, '', `#${hashOf(this.path, query)}`);
  }
}

export const router = new Router();
