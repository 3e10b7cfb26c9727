// Every screen of the main pane and its address. A new screen is a file in screens/ and one
// line here; the sidebar (the inbox) stays beside every screen. `supervise`: only supervisors
// open it (others are told it is not for their role; the server refuses them anyway).
import type { Component } from 'svelte';
import AddAccount from './screens/AddAccount.svelte';
import Audit from './screens/Audit.svelte';
import Board from './screens/Board.svelte';
import CannedReplies from './screens/CannedReplies.svelte';
import Conversation from './screens/Conversation.svelte';
import Home from './screens/Home.svelte';
import PublicAddress from './screens/PublicAddress.svelte';
import Reports from './screens/Reports.svelte';
import Settings from './screens/Settings.svelte';
import Team from './screens/Team.svelte';
import type { RouteDef } from './state/router.svelte';

/** What every screen is given: the parameters of its path (`/c/:id` → `{ id }`). */
export interface ScreenProps {
  params: Readonly<Record<string, string>>;
}

export type Screen = Component<ScreenProps>;

export const routes: readonly RouteDef<Screen>[] = [
  { path: '/', screen: Home },
  { path: '/c/:id', screen: Conversation },
  { path: '/settings', screen: Settings },
  { path: '/settings/canned', screen: CannedReplies },
  { path: '/settings/address', screen: PublicAddress, supervise: true },
  { path: '/settings/accounts/new', screen: AddAccount, supervise: true },
  { path: '/team', screen: Team, supervise: true },
  // Reports: every role (a manager's are their own); the live board: supervisors.
  { path: '/reports', screen: Reports },
  { path: '/board', screen: Board, supervise: true },
  { path: '/audit', screen: Audit, supervise: true },
];
