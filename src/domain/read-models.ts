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
}

export interface GroupRow {
  name: string;
  members: number;
  permissions: number;
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
  dateJoined: Date;
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

export interface Matrix {
  permissions: PermissionInfo[];
  groups: { name: string; has: Set<string> }[];
}
