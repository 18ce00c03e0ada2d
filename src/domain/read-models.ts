/**
 * Read models for the console: one page at a time (keyset pagination on the unique names), filters
 * and counts run in the database, so that a screen costs the same at 100 users as at 100,000.
 */
export interface UserRow {
  username: string;
  email: string;
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  groups: number;
  /** As PostgreSQL writes them (exact: they are keyset keys when the list is sorted by them). */
  lastLogin: string | null;
  dateJoined: string;
}

/** Filters like the Django admin's, combined with the text filter (all must hold). */
export interface UserFilter {
  staff?: boolean;
  superuser?: boolean;
  active?: boolean;
  /** Member of this group. */
  group?: string;
  /** Holds this permission (APP_LABEL:MODEL:CODENAME), as has_perm answers. */
  holds?: string;
}

/** Username A→Z; last login and date joined newest first. */
export type UserSort = 'username' | 'last_login' | 'date_joined';

/** A page of users: with a sort other than username, `after`/`before` are keys from `userKey`. */
export interface UserPageRequest extends PageRequest {
  where?: UserFilter;
  sort?: UserSort;
}

/** The keyset key of a user row under a sort: the username, or the sort value and the username. */
export function userKey(row: UserRow, sort: UserSort = 'username'): string {
  if (sort === 'username') return row.username;
  return JSON.stringify([sort === 'last_login' ? row.lastLogin : row.dateJoined, row.username]);
}

export interface GroupRow {
  name: string;
  members: number;
  permissions: number;
}

/** The groups list's filters, combined with the text filter (all must hold). */
export interface GroupFilter {
  /** No members (true), or some (false). */
  empty?: boolean;
  /** Has this permission (APP_LABEL:MODEL:CODENAME). */
  has?: string;
  /** This user is a member. */
  member?: string;
}

/** Name A→Z; members and permissions most first (then by name). */
export type GroupSort = 'name' | 'members' | 'permissions';

export interface GroupPageRequest extends PageRequest {
  where?: GroupFilter;
  sort?: GroupSort;
}

/** The keyset key of a group row under a sort: the name, or the count and the name. */
export function groupKey(row: GroupRow, sort: GroupSort = 'name'): string {
  return sort === 'name' ? row.name : JSON.stringify([row[sort], row.name]);
}

export interface PermissionInfo {
  key: string;
  appLabel: string;
  model: string;
  codename: string;
  name: string;
}

export interface PageRequest {
  filter?: string;
  /** Rows strictly after this key (next page) … */
  after?: string;
  /** … or strictly before it (previous page). */
  before?: string;
  /** … or the last rows of the list (its end, in one read). */
  last?: boolean;
  limit: number;
}

/**
 * A slice of a list that may be too long to read whole (a picker's matches): at most `limit` rows
 * from `offset`, the one the filter names exactly (if any) first, then in the list's order.
 */
export interface WindowRequest {
  filter?: string;
  offset: number;
  limit: number;
}

export interface Window<T> {
  rows: T[];
  /** How many rows match in all. */
  total: number;
}

export interface PermissionSource {
  permission: PermissionInfo;
  /** 'superuser', 'direct', or the names of the groups it comes through. */
  sources: string[];
}

export interface UserDetail {
  username: string;
  email: string;
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  lastLogin: Date | null;
  /** Null for a user model without date_joined. */
  dateJoined: Date | null;
  groups: string[];
  direct: PermissionInfo[];
  /** As Django computes them: none when inactive, all for a superuser, else direct and through groups. */
  effective: PermissionSource[];
}

export interface GroupDetail {
  name: string;
  permissions: PermissionInfo[];
  memberCount: number;
  /** The first members by username (a group may have 100,000). */
  members: { username: string; email: string }[];
}

/** A user who has some path to a permission: a superuser, a direct grant, or a group that has it. */
export interface HolderCandidate {
  username: string;
  isActive: boolean;
  isSuperuser: boolean;
  direct: boolean;
  /** Their groups that have the permission. */
  groups: string[];
}

export interface PermissionHolderRows {
  groups: string[];
  /** Users with any path to the permission, the first ones by username (holders.ts says who holds it). */
  candidates: HolderCandidate[];
  /** How many such users there are in all. */
  candidateCount: number;
}

/** What decides a user's permissions (Django's ModelBackend): flags, groups, direct grants. */
export interface AccessSnapshotUser {
  isActive: boolean;
  isSuperuser: boolean;
  groups: Set<string>;
  permissions: Set<string>;
}

/** A row of the matrix: a group, and which of the app's permissions it has. */
export interface MatrixRow {
  name: string;
  has: Set<string>;
}
