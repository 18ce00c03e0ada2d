import type { PermissionRef } from '../permission-ref.js';

/** A set given whole (`exact`, as the commands and access files do) or as edits (as the console does). */
export type SetSpec<T> = { exact: T[] } | { add: T[]; remove: T[] };

export interface DesiredPermission {
  ref: PermissionRef;
  present: boolean;
  /** Human name; when omitted an existing permission keeps its name and a new one gets Django's default. */
  name?: string;
}

export interface DesiredGroup {
  name: string;
  /** Where the group was given (an access file's path), for problems. */
  path?: (string | number)[];
  present: boolean;
  permissions?: SetSpec<PermissionRef>;
  /** A new name for an existing group (applied after every other change in the plan). */
  renameTo?: string;
}

export type PasswordSpec = { unusable: true } | { initialHash: string };

export interface DesiredUser {
  username: string;
  /** Where the user was given (an access file's path), for problems. */
  path?: (string | number)[];
  email: string;
  present: boolean;
  /** Each flag: undefined leaves it as it is. */
  isStaff?: boolean;
  isSuperuser?: boolean;
  isActive?: boolean;
  groups?: SetSpec<string>;
  permissions?: SetSpec<PermissionRef>;
  /** Set only when the user is created (as Django's createsuperuser asks them); an existing user's stay. */
  firstName?: string;
  lastName?: string;
  /** `unusable` makes a usable password unusable; `initialHash` is used only when the user is created. */
  password?: PasswordSpec;
  /** Groups that do not exist: `warn` skips them (manage_user's behaviour), `error` refuses. */
  missingGroups?: 'warn' | 'error';
}

export interface PruneSpec {
  /** Remove the groups and users the desired state does not name. */
  unlisted: boolean;
  /** Superusers too (otherwise they are kept, and said so). */
  superusers: boolean;
  /**
   * The most users, and the most groups, the prune may remove; more refuses the whole plan. Default:
   * 10% of those in the database (at least 1), so that a truncated or wrong file cannot empty it.
   */
  maxRemovals?: number;
}

/** What should be true afterwards, for the entities named; everything else is left alone unless pruned. */
export interface DesiredState {
  permissions: DesiredPermission[];
  groups: DesiredGroup[];
  users: DesiredUser[];
  prune?: PruneSpec;
  /**
   * A plan that leaves no active superuser (removing, demoting or deactivating the last one):
   * `refuse` (the default: access files, the console) makes it a problem, `warn` lets it through with
   * a warning (manage_user's documented semantics, or --allow-no-superuser).
   */
  lastSuperuser?: 'refuse' | 'warn';
}
