import { accessTo } from './access-paths.js';
import type { Change, Plan } from './plan/changes.js';
import type { AccessSnapshotUser } from './read-models.js';

export type UserAccess = AccessSnapshotUser;

/** Per user, the permissions a plan makes them gain and lose, as Django's has_perm would answer. */
export interface PermissionEffect {
  username: string;
  gained: string[];
  lost: string[];
  /** Said instead of listing every permission: "becomes a superuser: gains every permission". */
  note?: string;
}

export interface AccessSnapshot {
  users: Map<string, UserAccess>;
  /** Permission keys of each group named. */
  groups: Map<string, Set<string>>;
}

/** Users and groups as they will be once the plan's changes are made. */
export function accessAfter(before: AccessSnapshot, changes: Change[]): AccessSnapshot {
  const users = new Map([...before.users].map(([name, u]) => [name, { ...u, groups: new Set(u.groups), permissions: new Set(u.permissions) }]));
  const groups = new Map([...before.groups].map(([name, perms]) => [name, new Set(perms)]));
  const renames = new Map<string, string>();
  for (const change of changes) {
    if (change.type === 'group' && change.action === 'create') groups.set(change.group, new Set());
    else if (change.type === 'group' && change.action === 'delete') {
      groups.delete(change.group);
      for (const u of users.values()) u.groups.delete(change.group);
    } else if (change.type === 'group' && change.action === 'update') renames.set(change.from, change.to);
    else if (change.type === 'group_permission') {
      const set = groups.get(change.group) ?? new Set<string>();
      if (change.action === 'add') set.add(change.permission);
      else set.delete(change.permission);
      groups.set(change.group, set);
    } else if (change.type === 'user' && change.action === 'create') {
      users.set(change.username, { isActive: change.isActive, isSuperuser: change.isSuperuser, groups: new Set(), permissions: new Set() });
    } else if (change.type === 'user' && change.action === 'delete') users.delete(change.username);
    else if (change.type === 'user' && change.action === 'update' && change.field !== 'password') {
      const u = users.get(change.username);
      if (u && change.field === 'is_active') u.isActive = change.to;
      if (u && change.field === 'is_superuser') u.isSuperuser = change.to;
    } else if (change.type === 'user_group') {
      const u = users.get(change.username);
      if (u && change.action === 'add') u.groups.add(change.group);
      else if (u) u.groups.delete(change.group);
    } else if (change.type === 'user_permission') {
      const u = users.get(change.username);
      if (u && change.action === 'add') u.permissions.add(change.permission);
      else if (u) u.permissions.delete(change.permission);
    }
  }
  // A rename changes no one's permissions: the same group under its new name.
  for (const [from, to] of renames) {
    const perms = groups.get(from);
    if (perms) groups.set(to, perms);
  }
  return { users, groups };
}

function held(user: UserAccess | undefined, groups: Map<string, Set<string>>, catalogue: string[]): Set<string> {
  if (!user) return new Set();
  return new Set(catalogue.filter((key) => accessTo(user, key, (g) => groups.get(g)).holds));
}

/**
 * The permissions each user named gains and loses by the plan. `catalogue` is every permission key
 * the users could hold (their groups' and direct ones, and for a superuser all of them).
 */
export function permissionEffects(plan: Plan, before: AccessSnapshot, usernames: string[], catalogue: string[]): PermissionEffect[] {
  const after = accessAfter(before, plan.changes);
  const effects: PermissionEffect[] = [];
  for (const username of usernames) {
    const was = before.users.get(username);
    const will = after.users.get(username);
    const allBefore = Boolean(was?.isActive && was.isSuperuser);
    const allAfter = Boolean(will?.isActive && will.isSuperuser);
    if (allBefore !== allAfter) {
      effects.push({
        username,
        gained: [],
        lost: [],
        note: allAfter ? 'becomes an active superuser: gains every permission' : 'stops being an active superuser: keeps only what groups and direct grants give',
      });
      if (allBefore) {
        const kept = held(will, after.groups, catalogue);
        effects.at(-1)!.note += ` (${kept.size} kept)`;
      }
      continue;
    }
    if (allAfter) continue;
    const a = held(was, before.groups, catalogue);
    const b = held(will, after.groups, catalogue);
    const gained = [...b].filter((k) => !a.has(k)).sort();
    const lost = [...a].filter((k) => !b.has(k)).sort();
    if (gained.length || lost.length) effects.push({ username, gained, lost });
  }
  return effects;
}
