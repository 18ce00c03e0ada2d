import { formatPermission, refOfKey, type PermissionRef } from './permission-ref.js';
import { quoted } from './text.js';
import type { DesiredGroup, DesiredPermission, DesiredState, DesiredUser } from './plan/desired-state.js';

/**
 * One pending edit made in the console. Edits change only what they name: adding a user to a
 * group leaves their other groups alone (unlike manage_user, which sets the whole list).
 */
export type Edit =
  | { kind: 'user.flag'; username: string; email: string; field: 'isStaff' | 'isSuperuser' | 'isActive'; value: boolean }
  | { kind: 'user.group'; username: string; email: string; group: string; add: boolean }
  | { kind: 'user.permission'; username: string; email: string; permission: string; add: boolean }
  | { kind: 'user.create'; username: string; email: string }
  | { kind: 'user.password'; username: string; email: string; unusable: true }
  | { kind: 'user.remove'; username: string; email: string }
  /** A detail of a user pending creation (an existing user's email and names are left to Django). */
  | { kind: 'user.field'; username: string; email: string; field: UserField; value: string }
  /** A permission on an existing model (content type), as Django's Meta.permissions makes one: codename and name. */
  | { kind: 'permission.create'; permission: string; name: string }
  | { kind: 'group.create'; group: string }
  | { kind: 'group.remove'; group: string }
  | { kind: 'group.rename'; group: string; to: string }
  | { kind: 'group.permission'; group: string; permission: string; add: boolean };

export type UserField = 'email' | 'firstName' | 'lastName';
export const USER_FIELD_NAMES: Record<UserField, string> = { email: 'email', firstName: 'first_name', lastName: 'last_name' };

const ref = (key: string): PermissionRef => refOfKey(key);

type Toggles = { add: Set<string>; remove: Set<string> };
const toggles = (): Toggles => ({ add: new Set(), remove: new Set() });
function toggle(set: Toggles, item: string, add: boolean) {
  (add ? set.remove : set.add).delete(item);
  (add ? set.add : set.remove).add(item);
}

/** Folds the edits, in order, into the desired state the plan engine takes. */
export function desiredFromEdits(edits: Edit[]): DesiredState {
  const users = new Map<string, DesiredUser & { groupToggles: Toggles; permToggles: Toggles }>();
  const groups = new Map<string, DesiredGroup & { permToggles: Toggles }>();
  const permissions = new Map<string, DesiredPermission>();
  const userOf = (username: string, email: string) => {
    if (!users.has(username)) users.set(username, { username, email, present: true, missingGroups: 'error', groupToggles: toggles(), permToggles: toggles() });
    return users.get(username)!;
  };
  const groupOf = (name: string) => {
    if (!groups.has(name)) groups.set(name, { name, present: true, permToggles: toggles() });
    return groups.get(name)!;
  };
  for (const edit of edits) {
    switch (edit.kind) {
      case 'user.flag':
        userOf(edit.username, edit.email)[edit.field] = edit.value;
        break;
      case 'user.group':
        toggle(userOf(edit.username, edit.email).groupToggles, edit.group, edit.add);
        break;
      case 'user.permission':
        toggle(userOf(edit.username, edit.email).permToggles, edit.permission, edit.add);
        break;
      case 'user.password':
        userOf(edit.username, edit.email).password = { unusable: true };
        break;
      case 'user.create':
      case 'user.remove':
        userOf(edit.username, edit.email).present = edit.kind === 'user.create';
        break;
      case 'user.field':
        userOf(edit.username, edit.email)[edit.field] = edit.value;
        break;
      case 'permission.create':
        permissions.set(edit.permission, { ref: ref(edit.permission), present: true, name: edit.name });
        break;
      case 'group.create':
      case 'group.remove':
        groupOf(edit.group).present = edit.kind === 'group.create';
        break;
      case 'group.rename':
        groupOf(edit.group).renameTo = edit.to;
        break;
      case 'group.permission':
        toggle(groupOf(edit.group).permToggles, edit.permission, edit.add);
        break;
    }
  }
  return {
    permissions: [...permissions.values()],
    groups: [...groups.values()].map(({ permToggles, ...group }) => ({
      ...group,
      permissions: permToggles.add.size || permToggles.remove.size ? { add: [...permToggles.add].map(ref), remove: [...permToggles.remove].map(ref) } : undefined,
    })),
    users: [...users.values()].map(({ groupToggles, permToggles, ...user }) => ({
      ...user,
      groups: groupToggles.add.size || groupToggles.remove.size ? { add: [...groupToggles.add], remove: [...groupToggles.remove] } : undefined,
      permissions: permToggles.add.size || permToggles.remove.size ? { add: [...permToggles.add].map(ref), remove: [...permToggles.remove].map(ref) } : undefined,
    })),
  };
}

/** A short line for the list of pending edits. */
export function describeEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'user.flag':
      return `${edit.username}: ${{ isStaff: 'is_staff', isSuperuser: 'is_superuser', isActive: 'is_active' }[edit.field]} -> ${edit.value}`;
    case 'user.group':
      return `${edit.username}: ${edit.add ? 'join' : 'leave'} group ${edit.group}`;
    case 'user.permission':
      return `${edit.username}: ${edit.add ? 'grant' : 'revoke'} ${formatPermission(edit.permission)}`;
    case 'user.password':
      return `${edit.username}: password -> unusable`;
    case 'user.create':
      return `create user ${edit.username} <${edit.email}>`;
    case 'user.remove':
      return `remove user ${edit.username}`;
    case 'user.field':
      return `${edit.username}: ${USER_FIELD_NAMES[edit.field]} -> ${quoted(edit.value)}`;
    case 'permission.create':
      return `create permission ${formatPermission(edit.permission)} ${quoted(edit.name)}`;
    case 'group.create':
      return `create group ${edit.group}`;
    case 'group.remove':
      return `remove group ${edit.group}`;
    case 'group.rename':
      return `rename group ${edit.group} to ${edit.to}`;
    case 'group.permission':
      return `${edit.group}: ${edit.add ? 'grant' : 'revoke'} ${formatPermission(edit.permission)}`;
  }
}

/** The last pending value an edit gives, else the stored one: what a screen shows as "after". */
function pending<E extends Edit>(edits: Edit[], matches: (edit: Edit) => edit is E, value: (edit: E) => boolean, stored: boolean): boolean {
  let result = stored;
  for (const edit of edits) if (matches(edit)) result = value(edit);
  return result;
}

export const pendingFlag = (edits: Edit[], username: string, field: 'isStaff' | 'isSuperuser' | 'isActive', stored: boolean) =>
  pending(
    edits,
    (e): e is Extract<Edit, { kind: 'user.flag' }> => e.kind === 'user.flag' && e.username === username && e.field === field,
    (e) => e.value,
    stored,
  );

export const pendingMembership = (edits: Edit[], username: string, group: string, stored: boolean) =>
  pending(
    edits,
    (e): e is Extract<Edit, { kind: 'user.group' }> => e.kind === 'user.group' && e.username === username && e.group === group,
    (e) => e.add,
    stored,
  );

export const pendingUserGrant = (edits: Edit[], username: string, permission: string, stored: boolean) =>
  pending(
    edits,
    (e): e is Extract<Edit, { kind: 'user.permission' }> => e.kind === 'user.permission' && e.username === username && e.permission === permission,
    (e) => e.add,
    stored,
  );

export const pendingGroupGrant = (edits: Edit[], group: string, permission: string, stored: boolean) =>
  pending(
    edits,
    (e): e is Extract<Edit, { kind: 'group.permission' }> => e.kind === 'group.permission' && e.group === group && e.permission === permission,
    (e) => e.add,
    stored,
  );

/** What an edit sets: two edits with the same target cannot both be pending (the later one wins). */
export function editTarget(edit: Edit): string {
  switch (edit.kind) {
    case 'user.flag':
      return `user\0${edit.username}\0${edit.field}`;
    case 'user.group':
      return `user\0${edit.username}\0group\0${edit.group}`;
    case 'user.permission':
      return `user\0${edit.username}\0permission\0${edit.permission}`;
    case 'user.password':
      return `user\0${edit.username}\0password`;
    case 'user.create':
    case 'user.remove':
      return `user\0${edit.username}`;
    case 'user.field':
      return `user\0${edit.username}\0field\0${edit.field}`;
    case 'permission.create':
      return `permission\0${edit.permission}`;
    case 'group.create':
    case 'group.remove':
      return `group\0${edit.group}`;
    case 'group.rename':
      return `group\0${edit.group}\0rename`;
    case 'group.permission':
      return `group\0${edit.group}\0permission\0${edit.permission}`;
  }
}

const ofUser = (edit: Edit, username: string) => 'username' in edit && edit.username === username;
const ofGroup = (edit: Edit, group: string) => 'group' in edit && edit.group === group;

/**
 * Pending edits are a set of intended final values, in the order they were last set (`u` undoes the
 * last). Setting a target again replaces its edit; setting it back to the value stored in the
 * database (`stored`) removes the edit. Removing a user or group that is itself pending creation
 * drops everything pending about it.
 */
export function setEdit(edits: Edit[], edit: Edit, stored?: boolean | string): Edit[] {
  const target = editTarget(edit);
  const rest = edits.filter((e) => editTarget(e) !== target);
  if (edit.kind === 'user.remove' && edits.some((e) => e.kind === 'user.create' && e.username === edit.username)) {
    return rest.filter((e) => !ofUser(e, edit.username));
  }
  if (edit.kind === 'group.remove' && edits.some((e) => e.kind === 'group.create' && e.group === edit.group)) {
    return rest.filter((e) => !ofGroup(e, edit.group));
  }
  if (edit.kind === 'group.rename' && edit.to === edit.group) return rest;
  const value =
    edit.kind === 'user.flag' || edit.kind === 'user.field'
      ? edit.value
      : edit.kind === 'user.group' || edit.kind === 'user.permission' || edit.kind === 'group.permission'
        ? edit.add
        : undefined;
  if (value !== undefined && stored !== undefined && value === stored) return rest;
  return [...rest, edit];
}

/** Edits that the plan will not carry out because their user or group is pending removal. */
export function droppedEdits(edits: Edit[]): Set<Edit> {
  const removedUsers = new Set(edits.flatMap((e) => (e.kind === 'user.remove' ? [e.username] : [])));
  const removedGroups = new Set(edits.flatMap((e) => (e.kind === 'group.remove' ? [e.group] : [])));
  return new Set(
    edits.filter(
      (e) =>
        (e.kind !== 'user.remove' && 'username' in e && removedUsers.has(e.username)) ||
        (e.kind !== 'group.remove' && e.kind !== 'user.group' && 'group' in e && removedGroups.has(e.group)),
    ),
  );
}

/** True when the user or group is created by a pending edit (it is not in the database yet). */
export const isPendingUser = (edits: Edit[], username: string) => edits.some((e) => e.kind === 'user.create' && e.username === username);
export const isPendingGroup = (edits: Edit[], group: string) => edits.some((e) => e.kind === 'group.create' && e.group === group);
