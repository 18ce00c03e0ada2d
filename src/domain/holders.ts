import { accessTo, type AccessPath } from './access-paths.js';
import type { HolderCandidate } from './read-models.js';

export interface Holder {
  username: string;
  /** What Django's has_perm answers. */
  holds: boolean;
  paths: AccessPath[];
  /** Paths exist, but the user is inactive: Django answers no. */
  inactive: boolean;
}

/** Who holds `permission`, by Django's has_perm rules (accessTo), from the users with any path to it. */
export function holdersOf(candidates: HolderCandidate[], permission: string): Holder[] {
  return candidates.map((c) => {
    const access = accessTo(
      { isActive: c.isActive, isSuperuser: c.isSuperuser, groups: c.groups, permissions: new Set(c.direct ? [permission] : []) },
      permission,
      () => new Set([permission]),
    );
    return { username: c.username, holds: access.holds, paths: access.paths, inactive: access.blockedBy === 'inactive' };
  });
}

/** A path as the console and explain print it. */
export const describePath = (path: AccessPath) => (path.kind === 'group' ? `group ${path.group}` : path.kind);
