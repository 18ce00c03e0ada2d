import { InvalidInput } from '../errors.js';
import { emailProblem, groupNameProblem, permissionPartsProblem, usernameProblem } from '../names.js';
import { isDjangoPasswordHash } from '../passwords.js';
import { defaultPermissionName, permissionKey, type PermissionRef } from '../permission-ref.js';
import type { Change, Plan, UserFlag } from './changes.js';
import type { CurrentState } from './current-state.js';
import type { DesiredState, DesiredUser, SetSpec } from './desired-state.js';

/** The catalogue of permissions as it will be once the plan's own permission changes are made. */
class Catalogue {
  private apps = new Set<string>();
  private models = new Set<string>();
  private permissions = new Set<string>();

  constructor(current: CurrentState) {
    for (const entry of current.catalogue) {
      this.addModel(entry.appLabel, entry.model);
      if (entry.codename) this.permissions.add(permissionKey({ ...entry, codename: entry.codename }));
    }
  }

  addModel(appLabel: string, model: string) {
    this.apps.add(appLabel);
    this.models.add(`${appLabel}:${model}`);
  }

  add(key: string) {
    this.permissions.add(key);
  }

  remove(key: string) {
    this.permissions.delete(key);
  }

  /** The permission's key, or the problem naming the string the user gave. */
  resolve(ref: PermissionRef): string | { problem: string } {
    const key = permissionKey(ref);
    if (this.permissions.has(key)) return key;
    const given = JSON.stringify(ref.given);
    if (!this.apps.has(ref.appLabel)) return { problem: `invalid permission ${given}: no installed app with label "${ref.appLabel}"` };
    if (!this.models.has(`${ref.appLabel}:${ref.model}`)) {
      return { problem: `invalid permission ${given}: app "${ref.appLabel}" has no model "${ref.given.split(':')[1]}"` };
    }
    return { problem: `invalid permission ${given}: no permission "${ref.codename}" on model ${ref.appLabel}.${ref.model}` };
  }
}

/** The members of a set after the spec is applied to what is there now. */
function targetSet<T>(spec: SetSpec<T>, current: Set<T>): Set<T> {
  if ('exact' in spec) return new Set(spec.exact);
  const out = new Set(current);
  for (const item of spec.add) out.add(item);
  for (const item of spec.remove) out.delete(item);
  return out;
}

function resolveAll(refs: PermissionRef[], catalogue: Catalogue, problems: string[]): string[] {
  const keys: string[] = [];
  for (const ref of refs) {
    const resolved = catalogue.resolve(ref);
    if (typeof resolved === 'string') keys.push(resolved);
    else problems.push(resolved.problem);
  }
  return keys;
}

function resolveSpec(spec: SetSpec<PermissionRef>, catalogue: Catalogue, problems: string[]): SetSpec<string> {
  if ('exact' in spec) return { exact: resolveAll(spec.exact, catalogue, problems) };
  return { add: resolveAll(spec.add, catalogue, problems), remove: spec.remove.map(permissionKey) };
}

function diffSets(from: Set<string>, to: Set<string>): { added: string[]; removed: string[] } {
  return { added: [...to].filter((x) => !from.has(x)).sort(), removed: [...from].filter((x) => !to.has(x)).sort() };
}

const emailsMatch = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The plan that takes the current state to the desired one. Pure: all reading is done before.
 * Throws InvalidInput, listing every problem, when any part of the desired state is invalid.
 */
export function computePlan(current: CurrentState, desired: DesiredState): Plan {
  const problems: string[] = [];
  const changes: Change[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const catalogue = new Catalogue(current);
  const knownModels = new Set(current.catalogue.map((c) => `${c.appLabel}:${c.model}`));

  for (const perm of desired.permissions) {
    const problem = permissionPartsProblem(perm.ref, perm.name);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const key = permissionKey(perm.ref);
    const existing = current.catalogue.find((c) => c.codename && permissionKey({ ...c, codename: c.codename }) === key);
    if (!perm.present) {
      if (existing) {
        changes.push({ type: 'permission', action: 'delete', permission: key, groups: existing.groups, users: existing.users });
        catalogue.remove(key);
      } else notes.push(`Permission ${key} does not exist; nothing to remove.`);
      continue;
    }
    if (!knownModels.has(`${perm.ref.appLabel}:${perm.ref.model}`)) {
      changes.push({ type: 'content_type', action: 'create', appLabel: perm.ref.appLabel, model: perm.ref.model });
      knownModels.add(`${perm.ref.appLabel}:${perm.ref.model}`);
      catalogue.addModel(perm.ref.appLabel, perm.ref.model);
    }
    if (!existing) {
      changes.push({ type: 'permission', action: 'create', permission: key, name: perm.name ?? defaultPermissionName(perm.ref.model, perm.ref.codename) });
      catalogue.add(key);
    } else if (perm.name !== undefined && perm.name !== existing.name) {
      changes.push({ type: 'permission', action: 'update', permission: key, field: 'name', from: existing.name ?? '', to: perm.name });
    } else notes.push(`Found existing permission ${key}.`);
  }

  const groupsAfter = new Set(current.groups.keys());
  for (const group of desired.groups) {
    const problem = groupNameProblem(group.name);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const existing = current.groups.get(group.name);
    if (!group.present) {
      if (existing) {
        changes.push({ type: 'group', action: 'delete', group: group.name, members: existing.members, permissions: existing.permissions.size });
        groupsAfter.delete(group.name);
      } else notes.push(`Group "${group.name}" does not exist; nothing to remove.`);
      continue;
    }
    if (existing) notes.push(`Found existing group "${group.name}".`);
    else {
      changes.push({ type: 'group', action: 'create', group: group.name });
      groupsAfter.add(group.name);
    }
    if (!group.permissions) continue;
    const before = existing?.permissions ?? new Set<string>();
    const { added, removed } = diffSets(before, targetSet(resolveSpec(group.permissions, catalogue, problems), before));
    for (const permission of added) changes.push({ type: 'group_permission', action: 'add', group: group.name, permission });
    for (const permission of removed) changes.push({ type: 'group_permission', action: 'remove', group: group.name, permission });
  }

  for (const user of desired.users) planUser(user, current, catalogue, groupsAfter, { changes, problems, warnings, notes });

  if (problems.length) throw new InvalidInput([...new Set(problems)]);
  return { changes, warnings: [...new Set(warnings)], notes };
}

interface Collect {
  changes: Change[];
  problems: string[];
  warnings: string[];
  notes: string[];
}

function planUser(user: DesiredUser, current: CurrentState, catalogue: Catalogue, groupsAfter: Set<string>, out: Collect): void {
  const { changes, problems, warnings, notes } = out;
  const inputProblems = [usernameProblem(user.username), emailProblem(user.email)].filter((p): p is string => Boolean(p));
  if (user.password && 'initialHash' in user.password && !isDjangoPasswordHash(user.password.initialHash)) {
    // Never echo the value: it may be a real hash, or a password pasted by mistake.
    inputProblems.push(`invalid password hash for user "${user.username}": not a Django password hash`);
  }
  if (inputProblems.length) {
    problems.push(...inputProblems);
    return;
  }
  const existing = current.users.get(user.username);
  if (existing && !emailsMatch(existing.email, user.email)) {
    problems.push(`the email "${user.email}" and the email of the existing user "${user.username}" ("${existing.email}") do not match`);
    return;
  }
  if (!user.present) {
    if (existing) changes.push({ type: 'user', action: 'delete', username: user.username, email: existing.email });
    else notes.push(`User "${user.username}" does not exist; nothing to remove.`);
    return;
  }

  let groups: Set<string> | undefined;
  if (user.groups) {
    const wanted = targetSet(user.groups, existing?.groups ?? new Set());
    groups = new Set([...wanted].filter((name) => groupsAfter.has(name)));
    for (const name of [...wanted].filter((name) => !groupsAfter.has(name)).sort()) {
      if (user.missingGroups === 'error') problems.push(`group "${name}" does not exist (named for user "${user.username}")`);
      else warnings.push(`Could not find a group named "${name}" - skipping.`);
    }
  }
  let permissions: SetSpec<string> | undefined;
  if (user.permissions) permissions = resolveSpec(user.permissions, catalogue, problems);

  if (existing) {
    notes.push(`Found existing user "${user.username}".`);
    const flags: [UserFlag, boolean | undefined, boolean][] = [
      ['is_superuser', user.isSuperuser, existing.isSuperuser],
      ['is_staff', user.isStaff, existing.isStaff],
      ['is_active', user.isActive, existing.isActive],
    ];
    for (const [field, to, from] of flags) {
      if (to !== undefined && to !== from) changes.push({ type: 'user', action: 'update', username: user.username, field, from, to });
    }
    if (user.password && 'unusable' in user.password && existing.usablePassword) {
      changes.push({ type: 'user', action: 'update', username: user.username, field: 'password', from: 'usable', to: 'unusable' });
    }
  } else {
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
