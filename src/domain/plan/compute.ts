import { InvalidInput, type InputPath, type Problem } from '../errors.js';
import { emailProblem, groupNameProblem, newEmailProblem, newGroupNameProblem, permissionPartsProblem, usernameProblem } from '../names.js';
import { printable, quoted } from '../text.js';
import { isDjangoPasswordHash } from '../passwords.js';
import { defaultPermissionName, formatPermission, permissionKey, refOfKey, type FullPermissionRef, type PermissionRef } from '../permission-ref.js';
import { DJANGO_USER_MODEL, hasColumn, logsInByEmail, unfillableColumns, type UserModel } from '../user-model.js';
import type { Change, Plan, UserFlag } from './changes.js';
import type { CatalogueEntry, CurrentState } from './current-state.js';
import type { DesiredState, DesiredUser, SetSpec } from './desired-state.js';

/** The catalogue of permissions as it will be once the plan's own permission changes are made. */
class Catalogue {
  private apps = new Set<string>();
  private models = new Set<string>();
  readonly permissions = new Map<string, CatalogueEntry>();

  constructor(current: CurrentState) {
    for (const entry of current.catalogue) {
      this.addModel(entry.appLabel, entry.model);
      if (entry.codename) this.permissions.set(permissionKey({ ...entry, codename: entry.codename }), entry);
    }
  }

  /** The keys of the permissions with this codename in this app (APP_LABEL.CODENAME, Django's has_perm form). */
  private byCodename(appLabel: string, codename: string): string[] {
    const keys: string[] = [];
    for (const [key, entry] of this.permissions) if (entry.appLabel === appLabel && entry.codename === codename) keys.push(key);
    return keys.sort();
  }

  /** The ref with its model: as given, or found in the catalogue for the short form; else the problem. */
  complete(ref: PermissionRef): FullPermissionRef | Problem {
    if (ref.model !== undefined) return ref as FullPermissionRef;
    const keys = this.byCodename(ref.appLabel, ref.codename);
    const given = quoted(ref.given);
    const [only] = keys;
    if (keys.length === 1 && only) return { ...refOfKey(only), given: ref.given, path: ref.path };
    if (keys.length > 1) {
      return {
        message: `ambiguous permission ${given}: app "${printable(ref.appLabel)}" has it on ${keys.length} models; name one: ${keys.map((k) => printable(formatPermission(k))).join(', ')}`,
        path: ref.path,
      };
    }
    if (!this.apps.has(ref.appLabel)) return { message: `invalid permission ${given}: no installed app with label ${quoted(ref.appLabel)}`, path: ref.path };
    return { message: `invalid permission ${given}: app ${quoted(ref.appLabel)} has no permission ${quoted(ref.codename)}`, path: ref.path };
  }

  hasModel(appLabel: string, model: string): boolean {
    return this.models.has(`${appLabel}:${model}`);
  }

  addModel(appLabel: string, model: string) {
    this.apps.add(appLabel);
    this.models.add(`${appLabel}:${model}`);
  }

  /** The permission's key, or the problem naming the string the user gave. */
  resolve(named: PermissionRef): string | Problem {
    const ref = this.complete(named);
    if (!('appLabel' in ref)) return ref;
    const key = permissionKey(ref);
    if (this.permissions.has(key)) return key;
    const given = quoted(ref.given);
    const at = { path: ref.path };
    if (!this.apps.has(ref.appLabel)) return { message: `invalid permission ${given}: no installed app with label ${quoted(ref.appLabel)}`, ...at };
    if (!this.hasModel(ref.appLabel, ref.model)) {
      return { message: `invalid permission ${given}: app ${quoted(ref.appLabel)} has no model ${quoted(ref.given.split(':')[1])}`, ...at };
    }
    return { message: `invalid permission ${given}: no permission ${quoted(ref.codename)} on model ${printable(`${ref.appLabel}.${ref.model}`)}`, ...at };
  }
}

/** The members of a set after the spec is applied to what is there now. */
function targetSet<T>(spec: SetSpec<T>, current: ReadonlySet<T>): Set<T> {
  if ('exact' in spec) return new Set(spec.exact);
  const out = new Set(current);
  for (const item of spec.add) out.add(item);
  for (const item of spec.remove) out.delete(item);
  return out;
}

function resolveAll(refs: PermissionRef[], catalogue: Catalogue, problems: Problem[]): string[] {
  const keys: string[] = [];
  for (const ref of refs) {
    const resolved = catalogue.resolve(ref);
    if (typeof resolved === 'string') keys.push(resolved);
    else problems.push(resolved);
  }
  return keys;
}

function resolveSpec(spec: SetSpec<PermissionRef>, catalogue: Catalogue, problems: Problem[]): SetSpec<string> {
  if ('exact' in spec) return { exact: resolveAll(spec.exact, catalogue, problems) };
  // A permission to remove that is not there is nothing to do, unless the short form is ambiguous.
  const remove = spec.remove.flatMap((ref) => {
    const full = catalogue.complete(ref);
    if ('appLabel' in full) return [permissionKey(full)];
    if (ref.model === undefined && full.message.startsWith('ambiguous')) problems.push(full);
    return [];
  });
  return { add: resolveAll(spec.add, catalogue, problems), remove };
}

function diffSets(from: ReadonlySet<string>, to: ReadonlySet<string>): { added: string[]; removed: string[] } {
  return { added: [...to].filter((x) => !from.has(x)).sort(), removed: [...from].filter((x) => !to.has(x)).sort() };
}

const emailsMatch = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const at = (path: InputPath | undefined, ...rest: InputPath) => (path ? [...path, ...rest] : undefined);

interface Collect {
  changes: Change[];
  problems: Problem[];
  warnings: string[];
  notes: string[];
}

/**
 * The plan that takes the current state to the desired one. Pure: all reading is done before.
 * Throws InvalidInput, listing every problem, when any part of the desired state is invalid.
 */
export function computePlan(current: CurrentState, desired: DesiredState, model: UserModel = current.userModel ?? DJANGO_USER_MODEL): Plan {
  const out: Collect = { changes: [], problems: [], warnings: [], notes: [] };
  const catalogue = new Catalogue(current);
  planPermissions(desired, catalogue, out);
  const groupsAfter = planGroups(desired, current, catalogue, out);
  const removedGroups = new Set(desired.groups.filter((g) => !g.present).map((g) => g.name));
  for (const user of desired.users) planUser(user, current, catalogue, groupsAfter, removedGroups, out, model);
  if (desired.prune?.unlisted) planPrune(desired, current, out);
  const lastSuperusers = guardLastSuperuser(current, desired, out);
  if (out.problems.length) throw new InvalidInput(out.problems);
  return { changes: out.changes, warnings: [...new Set(out.warnings)], notes: out.notes, ...(lastSuperusers ? { lastSuperusers } : {}) };
}

/**
 * Nobody could administer a Django site whose last active superuser is removed, demoted or
 * deactivated. Returns those last ones when the plan leaves no active superuser (there was one).
 */
function guardLastSuperuser(current: CurrentState, desired: DesiredState, { changes, problems, warnings }: Collect): string[] | undefined {
  if (current.activeSuperusers.length === 0) return undefined;
  const after = new Map<string, { superuser: boolean; active: boolean }>();
  const stateOf = (username: string) => {
    if (!after.has(username)) {
      const user = current.users.get(username);
      after.set(username, { superuser: user?.isSuperuser ?? false, active: user?.isActive ?? false });
    }
    return after.get(username)!;
  };
  for (const change of changes) {
    if (change.type !== 'user') continue;
    const state = stateOf(change.username);
    if (change.action === 'delete') Object.assign(state, { superuser: false, active: false });
    else if (change.action === 'create') Object.assign(state, { superuser: change.isSuperuser, active: change.isActive });
    else if (change.field === 'is_superuser') state.superuser = change.to;
    else if (change.field === 'is_active') state.active = change.to;
  }
  const remaining = current.activeSuperusers.filter((name) => !after.has(name));
  if (remaining.length > 0 || [...after.values()].some((s) => s.superuser && s.active)) return undefined;
  const last = current.activeSuperusers.filter((name) => after.has(name)).sort();
  const names = last.map((name) => quoted(name)).join(', ');
  if (desired.lastSuperuser === 'warn') {
    warnings.push(`No active superuser will remain: this removes, demotes or deactivates ${names}, the last one${last.length > 1 ? 's' : ''}.`);
  } else {
    const byUser = desired.users.find((user) => last.includes(user.username));
    problems.push({
      message: `refusing to leave no active superuser: ${names} ${last.length > 1 ? 'are the last ones' : 'is the last one'}, and this plan removes, demotes or deactivates ${last.length > 1 ? 'them' : 'it'} (--allow-no-superuser allows it)`,
      path: byUser?.path,
    });
  }
  return last;
}

function planPermissions(desired: DesiredState, catalogue: Catalogue, { changes, problems, notes }: Collect): void {
  for (const { ref: named, present, name: given } of desired.permissions) {
    const problem = permissionPartsProblem(named, given);
    if (problem) {
      problems.push({ message: problem, path: named.path });
      continue;
    }
    const completed = catalogue.complete(named);
    if (!('appLabel' in completed)) {
      // The short form finds an existing permission; creating one needs its model.
      if (!present && !completed.message.startsWith('ambiguous')) notes.push(`Permission ${printable(named.given)} does not exist; nothing to remove.`);
      else if (present && !completed.message.startsWith('ambiguous')) {
        problems.push({ message: `${completed.message}; to create it, name its model: APP_LABEL:MODEL:CODENAME`, path: named.path });
      } else problems.push(completed);
      continue;
    }
    const perm = { ref: completed, present, name: given };
    const key = permissionKey(perm.ref);
    const existing = catalogue.permissions.get(key);
    if (!perm.present) {
      if (existing) {
        changes.push({ type: 'permission', action: 'delete', permission: key, groups: existing.groups, users: existing.users });
        catalogue.permissions.delete(key);
      } else notes.push(`Permission ${printable(formatPermission(key))} does not exist; nothing to remove.`);
      continue;
    }
    if (!catalogue.hasModel(perm.ref.appLabel, perm.ref.model)) {
      changes.push({ type: 'content_type', action: 'create', appLabel: perm.ref.appLabel, model: perm.ref.model });
      catalogue.addModel(perm.ref.appLabel, perm.ref.model);
    }
    if (!existing) {
      const name = perm.name ?? defaultPermissionName(perm.ref.model, perm.ref.codename);
      changes.push({ type: 'permission', action: 'create', permission: key, name });
      catalogue.permissions.set(key, { appLabel: perm.ref.appLabel, model: perm.ref.model, codename: perm.ref.codename, name, groups: 0, users: 0 });
    } else if (perm.name !== undefined && perm.name !== existing.name) {
      changes.push({ type: 'permission', action: 'update', permission: key, field: 'name', from: existing.name ?? '', to: perm.name });
    } else if (!perm.ref.path) notes.push(`Found existing permission ${printable(formatPermission(key))}.`);
  }
}

function planGroups(desired: DesiredState, current: CurrentState, catalogue: Catalogue, { changes, problems, notes }: Collect): Set<string> {
  const groupsAfter = new Set(current.groups.keys());
  for (const group of desired.groups) {
    const problem = groupNameProblem(group.name);
    if (problem) {
      problems.push({ message: problem, path: group.path });
      continue;
    }
    const existing = current.groups.get(group.name);
    if (!group.present) {
      if (existing) {
        changes.push({ type: 'group', action: 'delete', group: group.name, members: existing.members, permissions: existing.permissions.size });
        groupsAfter.delete(group.name);
      } else notes.push(`Group ${quoted(group.name)} does not exist; nothing to remove.`);
      continue;
    }
    if (!existing) {
      const newProblem = newGroupNameProblem(group.name);
      if (newProblem) {
        problems.push({ message: newProblem, path: group.path });
        continue;
      }
      changes.push({ type: 'group', action: 'create', group: group.name });
      groupsAfter.add(group.name);
    } else if (!group.path) notes.push(`Found existing group ${quoted(group.name)}.`);
    if (group.renameTo !== undefined && group.renameTo !== group.name) {
      const renameProblem = newGroupNameProblem(group.renameTo);
      if (renameProblem) problems.push({ message: renameProblem, path: group.path });
      else if (groupsAfter.has(group.renameTo))
        problems.push({ message: `cannot rename group ${quoted(group.name)} to ${quoted(group.renameTo)}: that group exists`, path: group.path });
      else if (!existing) problems.push({ message: `cannot rename group ${quoted(group.name)}: it does not exist yet`, path: group.path });
      else changes.push({ type: 'group', action: 'update', group: group.name, field: 'name', from: group.name, to: group.renameTo });
    }
    if (!group.permissions) continue;
    const before = existing?.permissions ?? new Set<string>();
    const { added, removed } = diffSets(before, targetSet(resolveSpec(group.permissions, catalogue, problems), before));
    for (const permission of added) changes.push({ type: 'group_permission', action: 'add', group: group.name, permission });
    for (const permission of removed) changes.push({ type: 'group_permission', action: 'remove', group: group.name, permission });
  }
  return groupsAfter;
}

/** The user's login (USERNAME_FIELD) checked by the model's rules: a username, or an email login that NAME and EMAIL both give. */
function loginProblem(user: DesiredUser, model: UserModel): string | undefined {
  if (logsInByEmail(model)) {
    if (!/^[^@\s]+@[^@\s]+$/.test(user.username)) return `invalid login ${quoted(user.username)}: the user model ${model.label} logs in by email address`;
    if (!emailsMatch(user.username, user.email)) {
      return `the user model ${model.label} logs in by email: the name ${quoted(user.username)} and the email ${quoted(user.email)} must be the same address`;
    }
    return undefined;
  }
  if (model.login === 'username') return usernameProblem(user.username);
  if (user.username === '') return `invalid ${printable(model.login)} "": it must not be empty`;
  return undefined;
}

/** Flags the command asks for that the model has no column for (Django's value of a missing flag is asked: fine). */
function flagProblems(user: DesiredUser, model: UserModel): string[] {
  const asked: [string, boolean | undefined, boolean, string][] = [
    ['is_staff', user.isStaff, false, 'staff'],
    ['is_superuser', user.isSuperuser, false, 'a superuser'],
    ['is_active', user.isActive, true, 'inactive'],
  ];
  return asked
    .filter(([column, value, absent]) => value !== undefined && value !== absent && !hasColumn(model, column))
    .map(([column, , , what]) => `the user model ${model.label} has no ${column} field: user ${quoted(user.username)} cannot be made ${what}`);
}

function planUser(
  user: DesiredUser,
  current: CurrentState,
  catalogue: Catalogue,
  groupsAfter: Set<string>,
  removedGroups: Set<string>,
  out: Collect,
  model: UserModel,
): void {
  const { changes, problems, warnings, notes } = out;
  const inputProblems: Problem[] = [];
  const usernameIssue = loginProblem(user, model);
  if (usernameIssue) inputProblems.push({ message: usernameIssue, path: user.path });
  if (user.present) for (const message of flagProblems(user, model)) inputProblems.push({ message, path: user.path });
  const emailIssue = emailProblem(user.email);
  if (emailIssue) inputProblems.push({ message: emailIssue, path: at(user.path, 'email') });
  if (user.password && 'initialHash' in user.password && !isDjangoPasswordHash(user.password.initialHash)) {
    // Never echo the value: it may be a real hash, or a password pasted by mistake.
    inputProblems.push({
      message: `invalid password hash for user ${quoted(user.username)}: not a Django password hash`,
      path: at(user.path, 'password', 'initial_hash'),
    });
  }
  if (inputProblems.length) {
    problems.push(...inputProblems);
    return;
  }
  const existing = current.users.get(user.username);
  if (existing && !emailsMatch(existing.email, user.email)) {
    problems.push({
      message: `the email ${quoted(user.email)} and the email of the existing user ${quoted(user.username)} (${quoted(existing.email)}) do not match`,
      path: at(user.path, 'email'),
    });
    // Go on: the rest of this user's problems are reported too (nothing is written either way).
  }
  const newEmailIssue = !existing && user.present ? newEmailProblem(user.email) : undefined;
  if (newEmailIssue) {
    problems.push({ message: newEmailIssue, path: at(user.path, 'email') });
    return;
  }
  if (!user.present) {
    if (existing) changes.push({ type: 'user', action: 'delete', username: user.username, email: existing.email });
    else notes.push(`User ${quoted(user.username)} does not exist; nothing to remove.`);
    return;
  }

  let groups: Set<string> | undefined;
  if (user.groups) {
    const wanted = targetSet(user.groups, existing?.groups ?? new Set());
    // Only the groups named here are checked: the user's other memberships are of groups that exist
    // (and were not read, when the desired state is a console edit), unless this plan removes them.
    const listed = 'exact' in user.groups ? user.groups.exact : user.groups.add;
    const unknown = new Set(listed.filter((name) => !groupsAfter.has(name)));
    groups = new Set([...wanted].filter((name) => !unknown.has(name) && !removedGroups.has(name)));
    for (const name of [...unknown].sort()) {
      if (user.missingGroups === 'error') {
        const where = user.path ? 'in the file or the database' : 'in the database';
        problems.push({
          message: `group ${quoted(name)} does not exist ${where} (named for user ${quoted(user.username)})`,
          path: at(user.path, 'groups', listed.indexOf(name)),
        });
      } else warnings.push(`Could not find a group named ${quoted(name)} - skipping.`);
    }
  }
  let permissions: SetSpec<string> | undefined;
  if (user.permissions) permissions = resolveSpec(user.permissions, catalogue, problems);

  if (existing) {
    if (!user.path) notes.push(`Found existing user ${quoted(user.username)}.`);
    const flags: [UserFlag, boolean | undefined, boolean][] = [
      ['is_superuser', user.isSuperuser, existing.isSuperuser],
      ['is_staff', user.isStaff, existing.isStaff],
      ['is_active', user.isActive, existing.isActive],
    ];
    for (const [field, to, from] of flags) {
      if (to !== undefined && to !== from) changes.push({ type: 'user', action: 'update', username: user.username, field, from, to });
    }
    if (user.password && 'initialHash' in user.password) {
      warnings.push(`The given password hash is not used: user ${quoted(user.username)} exists, and a hash is used only when a user is created.`);
    }
    if (user.password && 'unusable' in user.password && existing.usablePassword) {
      changes.push({ type: 'user', action: 'update', username: user.username, field: 'password', from: 'usable', to: 'unusable' });
    }
  } else {
    for (const column of unfillableColumns(model)) {
      problems.push({
        message: `cannot create user ${quoted(user.username)}: column ${printable(model.table)}.${printable(column)} of the user model ${model.label} is required (NOT NULL, no default) and accessctl has no value for it; give one in accessctl.config.json: "newUserValues": {"${printable(column)}": …}`,
        path: user.path,
      });
    }
    const password = user.password && 'unusable' in user.password ? 'unusable' : user.password ? 'given' : 'random';
    changes.push({
      type: 'user',
      action: 'create',
      username: user.username,
      email: user.email,
      isStaff: user.isStaff ?? false,
      isSuperuser: user.isSuperuser ?? false,
      isActive: user.isActive ?? true,
      password,
      ...(user.firstName ? { firstName: user.firstName } : {}),
      ...(user.lastName ? { lastName: user.lastName } : {}),
    });
  }
  if (groups) {
    const { added, removed } = diffSets(existing?.groups ?? new Set(), groups);
    for (const group of added) changes.push({ type: 'user_group', action: 'add', username: user.username, group });
    for (const group of removed) changes.push({ type: 'user_group', action: 'remove', username: user.username, group });
  }
  if (permissions) {
    const before = existing?.permissions ?? new Set<string>();
    const { added, removed } = diffSets(before, targetSet(permissions, before));
    for (const permission of added) changes.push({ type: 'user_permission', action: 'add', username: user.username, permission });
    for (const permission of removed) changes.push({ type: 'user_permission', action: 'remove', username: user.username, permission });
  }
}

/** Removes the groups and users the desired state does not name; superusers only when asked. */
function planPrune(desired: DesiredState, current: CurrentState, { changes, notes, problems }: Collect): void {
  const before = changes.length;
  const listedGroups = new Set(desired.groups.map((g) => g.name));
  for (const group of [...current.groups.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!listedGroups.has(group.name)) {
      changes.push({ type: 'group', action: 'delete', group: group.name, members: group.members, permissions: group.permissions.size });
    }
  }
  const listedUsers = new Set(desired.users.map((u) => u.username));
  for (const user of [...current.users.values()].sort((a, b) => a.username.localeCompare(b.username))) {
    if (listedUsers.has(user.username)) continue;
    if (user.isSuperuser && !desired.prune?.superusers) notes.push(`Kept superuser ${quoted(user.username)}, not in the file (--prune-superusers removes it).`);
    else changes.push({ type: 'user', action: 'delete', username: user.username, email: user.email });
  }
  const pruned = changes.slice(before);
  const problem = pruneLimitProblem(
    { users: pruned.filter((c) => c.type === 'user').length, groups: pruned.filter((c) => c.type === 'group').length },
    { users: current.users.size, groups: current.groups.size },
    desired.prune?.maxRemovals,
  );
  if (problem) problems.push({ message: problem });
}

/** Share of the users (and of the groups) a prune may remove unless a limit is given. */
export const DEFAULT_PRUNE_SHARE = 0.1;

/** Why a prune removes too much (one line), or undefined when it is within the limit. */
export function pruneLimitProblem(removed: { users: number; groups: number }, existing: { users: number; groups: number }, maxRemovals?: number): string | undefined {
  const limit = (count: number) => maxRemovals ?? Math.max(1, Math.floor(count * DEFAULT_PRUNE_SHARE));
  const over = (['users', 'groups'] as const).filter((kind) => removed[kind] > limit(existing[kind]));
  if (over.length === 0) return undefined;
  const what = over.map((kind) => `${removed[kind]} of ${existing[kind]} ${kind}`).join(' and ');
  const allowed = maxRemovals === undefined ? `more than ${DEFAULT_PRUNE_SHARE * 100}% of them` : `more than --max-removals ${maxRemovals}`;
  const needed = Math.max(...over.map((kind) => removed[kind]));
  return `--prune would remove ${what}, ${allowed}; nothing was changed. If that is intended, re-run with --max-removals ${needed}`;
}
