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

export interface PermissionHolders {
  groups: string[];
  /** Users who have it directly. */
  users: string[];
  /** Users who have it through a group (the first ones), and how many in all. */
  viaGroups: { username: string; group: string }[];
  viaGroupCount: number;
}

export interface Matrix {
  permissions: PermissionInfo[];
  groups: { name: string; has: Set<string> }[];
}
