import type { Change, Plan } from '../plan/changes.js';

/** django.contrib.admin.models: LogEntry.action_flag. */
export const ADDITION = 1;
export const CHANGE = 2;
export const DELETION = 3;

/** A row of django_admin_log before its ids are known: the object is named by its name before the plan. */
export interface AdminEntry {
  model: 'user' | 'group';
  /** The username or group name the object has before the plan (after it, for one the plan creates). */
  name: string;
  /** str(obj) as the admin stores it: the username, or the group's name after the plan. */
  repr: string;
  flag: typeof ADDITION | typeof CHANGE | typeof DELETION;
  /** The admin's JSON change message ('' for a deletion, as log_deletion writes). */
  message: string;
}

/**
 * The admin's form labels (capfirst of each field's verbose_name), in the order of the admin's
 * forms: UserAdmin's fieldsets and GroupAdmin's fields. construct_change_message lists the changed
 * fields in form order, by label.
 */
const USER_FIELDS = ['Email address', 'Active', 'Staff status', 'Superuser status', 'Groups', 'User permissions'] as const;
const GROUP_FIELDS = ['Name', 'Permissions'] as const;
type UserField = (typeof USER_FIELDS)[number];
type GroupField = (typeof GROUP_FIELDS)[number];

const FLAG_LABEL: Record<'is_staff' | 'is_superuser' | 'is_active', UserField> = {
  is_active: 'Active',
  is_staff: 'Staff status',
  is_superuser: 'Superuser status',
};

/** The admin's password form logs its own CHANGE, naming the field by its name (it has no such form field). */
const PASSWORD_CHANGED = JSON.stringify([{ changed: { fields: ['password'] } }]);

const changed = (fields: readonly string[], order: readonly string[]) => JSON.stringify([{ changed: { fields: order.filter((f) => fields.includes(f)) } }]);
const ADDED = JSON.stringify([{ added: {} }]);

/**
 * The admin history a plan leaves, as the Django admin would have written it for the same edits:
 * one ADDITION, CHANGE or DELETION per user and group. A new user gets ADDITION and then, as the
 * admin's two-step add form does, a CHANGE naming what was set beyond username and password. A new
 * group's permissions are part of its ADDITION (the admin's add form has them). Permissions and
 * content types have no admin history; links removed by a cascade are not logged (nor by the admin).
 */
export function adminEntries(plan: Plan): AdminEntry[] {
  const groups = new Map<string, { kind: 'add' | 'change' | 'delete'; fields: Set<GroupField>; repr: string }>();
  const users = new Map<string, { kind: 'add' | 'change' | 'delete'; fields: Set<UserField>; password?: boolean }>();
  const group = (name: string) => groups.get(name) ?? groups.set(name, { kind: 'change', fields: new Set(), repr: name }).get(name)!;
  const user = (name: string) => users.get(name) ?? users.set(name, { kind: 'change', fields: new Set() }).get(name)!;
  for (const change of plan.changes) collect(change, group, user);

  const entries: AdminEntry[] = [];
  for (const [name, g] of groups) {
    if (g.kind === 'add') entries.push({ model: 'group', name, repr: g.repr, flag: ADDITION, message: ADDED });
    else if (g.kind === 'delete') entries.push({ model: 'group', name, repr: name, flag: DELETION, message: '' });
    else if (g.fields.size) entries.push({ model: 'group', name, repr: g.repr, flag: CHANGE, message: changed([...g.fields], GROUP_FIELDS) });
  }
  for (const [name, u] of users) {
    if (u.kind === 'delete') {
      entries.push({ model: 'user', name, repr: name, flag: DELETION, message: '' });
      continue;
    }
    if (u.kind === 'add') entries.push({ model: 'user', name, repr: name, flag: ADDITION, message: ADDED });
    if (u.fields.size) entries.push({ model: 'user', name, repr: name, flag: CHANGE, message: changed([...u.fields], USER_FIELDS) });
    if (u.password) entries.push({ model: 'user', name, repr: name, flag: CHANGE, message: PASSWORD_CHANGED });
  }
  return entries;
}

type GroupOf = (name: string) => { kind: 'add' | 'change' | 'delete'; fields: Set<GroupField>; repr: string };
type UserOf = (name: string) => { kind: 'add' | 'change' | 'delete'; fields: Set<UserField>; password?: boolean };

function collect(change: Change, group: GroupOf, user: UserOf): void {
  switch (change.type) {
    case 'group': {
      const g = group(change.group);
      if (change.action === 'create') g.kind = 'add';
      else if (change.action === 'delete') g.kind = 'delete';
      else {
        g.fields.add('Name');
        g.repr = change.to;
      }
      return;
    }
    case 'group_permission': {
      const g = group(change.group);
      if (g.kind === 'change') g.fields.add('Permissions');
      return;
    }
    case 'user': {
      const u = user(change.username);
      if (change.action === 'create') {
        u.kind = 'add';
        if (change.email !== '') u.fields.add('Email address');
        if (change.isStaff) u.fields.add('Staff status');
        if (change.isSuperuser) u.fields.add('Superuser status');
        if (!change.isActive) u.fields.add('Active');
      } else if (change.action === 'delete') u.kind = 'delete';
      else if (change.field === 'password') u.password = true;
      else u.fields.add(FLAG_LABEL[change.field]);
      return;
    }
    case 'user_group':
      user(change.username).fields.add('Groups');
      return;
    case 'user_permission':
      user(change.username).fields.add('User permissions');
      return;
    default:
      return;
  }
}
