// What each role may do and see, as the server enforces it (crates/core/src/access.rs): the UI
// offers only what the signed-in operator's role allows, so nobody meets a refusal for a
// button they should not have had.
import type { AppInfo } from '../bindings/AppInfo';
import type { OperatorRef } from '../bindings/OperatorRef';
import type { Role } from '../bindings/Role';

export interface Permissions {
  /** Sending, retrying, discarding, attaching: managers and supervisors (`Reply`). */
  reply: boolean;
  /** Resolving, marking pending, snoozing, reopening a conversation: managers and supervisors. */
  handle: boolean;
  /** Accounts, the public address, operators, assignment, team settings (`Supervise`). */
  supervise: boolean;
  /** Scoring a conversation (1–5) and reading its reviews: reviewers and supervisors (`Review`). */
  review: boolean;
}

export function permissions(role: Role | null | undefined): Permissions {
  return {
    reply: role === 'manager' || role === 'supervisor',
    handle: role === 'manager' || role === 'supervisor',
    supervise: role === 'supervisor',
    review: role === 'reviewer' || role === 'supervisor',
  };
}

/** Who is looking at the inbox, and so which conversations they see. */
export interface Viewer {
  id: number;
  role: Role;
  managersSeeAll: boolean;
}

export function viewerOf(info: Pick<AppInfo, 'operator' | 'managers_see_all'> | null): Viewer | null {
  return info ? { id: info.operator.id, role: info.operator.role, managersSeeAll: info.managers_see_all } : null;
}

/**
 * Whether the viewer sees a conversation given to `assignee` (null: nobody): a manager sees
 * their own and unassigned ones unless the team lets managers see all; other roles see all.
 */
export function sees(viewer: Viewer, assignee: OperatorRef | null): boolean {
  if (viewer.role !== 'manager' || viewer.managersSeeAll) return true;
  return assignee === null || assignee.id === viewer.id;
}

export const ROLES: readonly Role[] = ['manager', 'supervisor', 'reviewer'];

/** Each role's name and what it does, as UI strings. */
export const ROLE_NAMES = { manager: 'role.manager', supervisor: 'role.supervisor', reviewer: 'role.reviewer' } as const satisfies Record<Role, string>;
export const ROLE_HINTS = {
  manager: 'role.manager.hint',
  supervisor: 'role.supervisor.hint',
  reviewer: 'role.reviewer.hint',
} as const satisfies Record<Role, string>;
