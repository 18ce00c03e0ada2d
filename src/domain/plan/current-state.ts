import type { SqlClient } from '../../db/sql.js';
import type { DesiredState } from './desired-state.js';

export interface CurrentUser {
  id: number;
  username: string;
  email: string;
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  usablePassword: boolean;
  groups: Set<string>;
  permissions: Set<string>;
}

export interface CurrentGroup {
  id: number;
  name: string;
  members: number;
  permissions: Set<string>;
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
  /** Content types (and their permissions) of every app label the desired state names. */
  catalogue: CatalogueEntry[];
}

export interface StateScope {
  usernames: string[];
  groupNames: string[];
  appLabels: string[];
}

export function scopeOf(desired: DesiredState): StateScope {
  const groupNames = new Set(desired.groups.map((g) => g.name));
  const appLabels = new Set(desired.permissions.map((p) => p.ref.appLabel));
  for (const group of desired.groups) {
    const spec = group.permissions;
    if (spec) for (const ref of 'exact' in spec ? spec.exact : [...spec.add, ...spec.remove]) appLabels.add(ref.appLabel);
  }
  for (const user of desired.users) {
    const groups = user.groups;
    if (groups) for (const name of 'exact' in groups ? groups.exact : [...groups.add, ...groups.remove]) groupNames.add(name);
    const perms = user.permissions;
    if (perms) for (const ref of 'exact' in perms ? perms.exact : [...perms.add, ...perms.remove]) appLabels.add(ref.appLabel);
  }
  return { usernames: desired.users.map((u) => u.username), groupNames: [...groupNames], appLabels: [...appLabels] };
}

const PERMISSION_KEY = `ct.app_label || ':' || ct.model || ':' || p.codename`;

/**
 * One statement, three set-based parts: the named users with their groups and direct permissions,
 * the named groups with their permissions and member counts, and the catalogue of the named apps.
 * The password is never read, only whether it is usable.
 */
const READ_STATE = `
SELECT
  (SELECT coalesce(json_agg(json_build_object(
      'id', u.id, 'username', u.username, 'email', u.email,
      'is_staff', u.is_staff, 'is_superuser', u.is_superuser, 'is_active', u.is_active,
      'usable', left(u.password, 1) <> '!',
      'groups', (SELECT coalesce(json_agg(g.name), '[]') FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id WHERE ug.user_id = u.id),
      'permissions', (SELECT coalesce(json_agg(${PERMISSION_KEY}), '[]') FROM auth_user_user_permissions up
                        JOIN auth_permission p ON p.id = up.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id
                       WHERE up.user_id = u.id))), '[]')
     FROM auth_user u WHERE u.username = ANY($1::text[])) AS users,
  (SELECT coalesce(json_agg(json_build_object(
      'id', g.id, 'name', g.name,
      'members', (SELECT count(*) FROM auth_user_groups ug WHERE ug.group_id = g.id),
      'permissions', (SELECT coalesce(json_agg(${PERMISSION_KEY}), '[]') FROM auth_group_permissions gp
                        JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id
                       WHERE gp.group_id = g.id))), '[]')
     FROM auth_group g WHERE g.name = ANY($2::text[])) AS groups,
  (SELECT coalesce(json_agg(json_build_object(
      'app_label', ct.app_label, 'model', ct.model, 'codename', p.codename, 'name', p.name,
      'groups', (SELECT count(*) FROM auth_group_permissions gp WHERE gp.permission_id = p.id),
      'users', (SELECT count(*) FROM auth_user_user_permissions up WHERE up.permission_id = p.id))), '[]')
     FROM django_content_type ct LEFT JOIN auth_permission p ON p.content_type_id = ct.id
    WHERE ct.app_label = ANY($3::text[])) AS catalogue`;

export async function readCurrentState(sql: SqlClient, scope: StateScope): Promise<CurrentState> {
  const [row] = await sql.query<{ users: any[]; groups: any[]; catalogue: any[] }>(READ_STATE, [scope.usernames, scope.groupNames, scope.appLabels]);
  return {
    users: new Map(
      row.users.map((u) => [
        u.username,
        {
          id: u.id,
          username: u.username,
          email: u.email,
          isStaff: u.is_staff,
          isSuperuser: u.is_superuser,
          isActive: u.is_active,
          usablePassword: u.usable,
          groups: new Set<string>(u.groups),
          permissions: new Set<string>(u.permissions),
        },
      ]),
    ),
    groups: new Map(row.groups.map((g) => [g.name, { id: g.id, name: g.name, members: Number(g.members), permissions: new Set<string>(g.permissions) }])),
    catalogue: row.catalogue.map((c) => ({
      appLabel: c.app_label,
      model: c.model,
      codename: c.codename ?? undefined,
      name: c.name ?? undefined,
      groups: Number(c.groups),
      users: Number(c.users),
    })),
  };
}
