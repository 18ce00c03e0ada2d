import type { SqlClient } from '../../db/sql.js';
import * as browse from '../../domain/browse.js';
import { desiredFromEdits, type Edit } from '../../domain/edits.js';
import { equivalentCommands } from '../../domain/equivalent-commands.js';
import { InvalidInput } from '../../domain/errors.js';
import { permissionEffects, type PermissionEffect } from '../../domain/permission-effects.js';
import type { Plan } from '../../domain/plan/changes.js';
import { applyDesiredState, planWithState, type ApplyOutcome } from '../../domain/plan/engine.js';

export type Review = { plan: Plan; commands: string[]; effects: PermissionEffect[] } | { problems: string[] };

/** Users whose permissions a review lists: at most this many members of each changed group. */
const MEMBERS_SHOWN = 50;

/** What the console reads and writes, bound to one database: every screen goes through it. */
export interface ConsoleBackend {
  label: string;
  countUsers(filter?: string): Promise<number>;
  usersPage(request: browse.PageRequest): Promise<browse.UserRow[]>;
  countGroups(filter?: string): Promise<number>;
  groupsPage(request: browse.PageRequest): Promise<browse.GroupRow[]>;
  userDetail(username: string): Promise<browse.UserDetail | undefined>;
  groupDetail(name: string): Promise<browse.GroupDetail | undefined>;
  membersAmong(group: string, usernames: string[]): Promise<Set<string>>;
  userExists(username: string): Promise<boolean>;
  groupExists(name: string): Promise<boolean>;
  permissions(filter?: string): Promise<browse.PermissionInfo[]>;
  holders(key: string): Promise<browse.PermissionHolderRows>;
  apps(): Promise<string[]>;
  matrix(appLabel: string, request: browse.PageRequest): Promise<browse.Matrix>;
  /** The plan of the pending edits and the command lines that would do the same. */
  review(edits: Edit[]): Promise<Review>;
  /** Applies the edits if the plan is still `shown`; otherwise returns the new plan ('stale'). */
  apply(edits: Edit[], shown: Plan): Promise<ApplyOutcome>;
}

export function sqlBackend(sql: SqlClient, label: string): ConsoleBackend {
  return {
    label,
    countUsers: (filter) => browse.countUsers(sql, filter),
    usersPage: (request) => browse.usersPage(sql, request),
    countGroups: (filter) => browse.countGroups(sql, filter),
    groupsPage: (request) => browse.groupsPage(sql, request),
    userDetail: (username) => browse.userDetail(sql, username),
    groupDetail: (name) => browse.groupDetail(sql, name),
    membersAmong: (group, usernames) => browse.membersAmong(sql, group, usernames),
    userExists: (username) => browse.userExists(sql, username),
    groupExists: (name) => browse.groupExists(sql, name),
    permissions: (filter) => browse.permissionCatalogue(sql, filter),
    holders: (key) => browse.permissionHolderRows(sql, key),
    apps: () => browse.appLabels(sql),
    matrix: (appLabel, request) => browse.permissionMatrix(sql, appLabel, request),
    async review(edits) {
      try {
        const { plan, current } = await planWithState(sql, desiredFromEdits(edits));
        return { plan, commands: equivalentCommands(plan, current), effects: await effectsOf(sql, plan) };
      } catch (error) {
        if (error instanceof InvalidInput) return { problems: error.problems.map((p) => p.message) };
        throw error;
      }
    },
    apply: (edits, shown) => applyDesiredState(sql, desiredFromEdits(edits), shown, { onStale: 'abort' }),
  };
}

/** Per user, the permissions the plan makes them gain and lose (the users it names, and members of the groups it changes). */
async function effectsOf(sql: SqlClient, plan: Plan): Promise<PermissionEffect[]> {
  const named = new Set<string>();
  const changedGroups = new Set<string>();
  const keys = new Set<string>();
  for (const change of plan.changes) {
    if ('username' in change) named.add(change.username);
    if (change.type === 'group_permission') changedGroups.add(change.group);
    if (change.type === 'group' && change.action === 'delete') changedGroups.add(change.group);
    if ('permission' in change) keys.add(change.permission);
  }
  if (!named.size && !changedGroups.size) return [];
  const members = changedGroups.size ? await browse.membersOfGroups(sql, [...changedGroups], MEMBERS_SHOWN) : [];
  const usernames = [...new Set([...named, ...members])].sort();
  const users = await browse.userAccess(sql, usernames);
  const groupNames = new Set(changedGroups);
  for (const user of users.values()) for (const g of user.groups) groupNames.add(g);
  for (const change of plan.changes) if (change.type === 'user_group') groupNames.add(change.group);
  const groups = await browse.groupPermissionSets(sql, [...groupNames]);
  for (const set of groups.values()) for (const k of set) keys.add(k);
  for (const user of users.values()) for (const k of user.permissions) keys.add(k);
  return permissionEffects(plan, { users, groups }, usernames, [...keys]);
}
