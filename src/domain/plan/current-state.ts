import type { UserModel } from '../user-model.js';
import type { DesiredState } from './desired-state.js';

export interface CurrentUser {
  id: number;
  username: string;
  email: string;
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  usablePassword: boolean;
  /** Read-only: a user without any may share one empty set with others. */
  groups: ReadonlySet<string>;
  permissions: ReadonlySet<string>;
}

export interface CurrentGroup {
  id: number;
  name: string;
  members: number;
  /** Read-only, as a user's sets. */
  permissions: ReadonlySet<string>;
}

export interface CatalogueEntry {
  appLabel: string;
  model: string;
  /** Absent for a content type without permissions. */
  codename?: string;
  name?: string;
  /** Links to the permission, counted for the plan of its removal. */
  groups: number;
  users: number;
}

/** The part of the database a desired state touches, read in one round trip. */
export interface CurrentState {
  users: Map<string, CurrentUser>;
  groups: Map<string, CurrentGroup>;
  /** Content types (and their permissions) of the apps in scope. */
  catalogue: CatalogueEntry[];
  /** Every active superuser in the database (in scope or not): the plan must not remove the last one unawares. */
  activeSuperusers: string[];
  /** The user model the state was read through (Django's auth.User when absent). */
  userModel?: UserModel;
}

export interface StateScope {
  usernames: string[];
  groupNames: string[];
  appLabels: string[];
  /** Every user / group / app, for pruning and export. */
  allUsers?: boolean;
  allGroups?: boolean;
  allApps?: boolean;
}

const namesIn = <T>(spec: { exact: T[] } | { add: T[]; remove: T[] } | undefined): T[] => (!spec ? [] : 'exact' in spec ? spec.exact : [...spec.add, ...spec.remove]);

export function scopeOf(desired: DesiredState): StateScope {
  const groupNames = new Set(desired.groups.flatMap((g) => (g.renameTo ? [g.name, g.renameTo] : [g.name])));
  const appLabels = new Set(desired.permissions.map((p) => p.ref.appLabel));
  for (const group of desired.groups) for (const ref of namesIn(group.permissions)) appLabels.add(ref.appLabel);
  for (const user of desired.users) {
    for (const name of namesIn(user.groups)) groupNames.add(name);
    for (const ref of namesIn(user.permissions)) appLabels.add(ref.appLabel);
  }
  const prune = Boolean(desired.prune?.unlisted);
  return { usernames: desired.users.map((u) => u.username), groupNames: [...groupNames], appLabels: [...appLabels], allUsers: prune, allGroups: prune };
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((item) => b.has(item));

/**
 * The same rows read twice (before the prompt, then in the transaction): the plan computed from
 * them is the same, so the one shown can be applied without computing it again (at 100,000 users
 * a second plan of 400,000 changes). Order-sensitive for the lists: a different order only means
 * the plan is computed again.
 */
export function sameState(a: CurrentState, b: CurrentState): boolean {
  if (a.users.size !== b.users.size || a.groups.size !== b.groups.size || a.catalogue.length !== b.catalogue.length) return false;
  if (a.userModel !== b.userModel || a.activeSuperusers.length !== b.activeSuperusers.length) return false;
  if (!a.activeSuperusers.every((name, i) => b.activeSuperusers[i] === name)) return false;
  for (const [name, user] of a.users) {
    const other = b.users.get(name);
    if (!other) return false;
    if (user.id !== other.id || user.username !== other.username || user.email !== other.email || user.isStaff !== other.isStaff) return false;
    if (user.isSuperuser !== other.isSuperuser || user.isActive !== other.isActive || user.usablePassword !== other.usablePassword) return false;
    if (!sameSet(user.groups, other.groups) || !sameSet(user.permissions, other.permissions)) return false;
  }
  for (const [name, group] of a.groups) {
    const other = b.groups.get(name);
    if (!other || group.id !== other.id || group.name !== other.name || group.members !== other.members || !sameSet(group.permissions, other.permissions)) return false;
  }
  return a.catalogue.every((entry, i) => {
    const other = b.catalogue[i]!;
    return (
      entry.appLabel === other.appLabel &&
      entry.model === other.model &&
      entry.codename === other.codename &&
      entry.name === other.name &&
      entry.groups === other.groups &&
      entry.users === other.users
    );
  });
}
