import type { CatalogueEntry, CurrentGroup, CurrentState, CurrentUser, StateScope } from '../../domain/plan/current-state.js';
import type { SqlClient } from '../sql.js';

const KEY = `ct.app_label || ':' || ct.model || ':' || p.codename`;

/**
 * One statement of set-based parts (no subquery per row): the users in scope with their groups and
 * direct permissions, the groups in scope with their permissions and member counts, and the
 * catalogue of the apps in scope with grant counts. Rows come as JSON, which parses fast at
 * 100,000 users. The password is never read, only whether it is usable.
 */
const READ_STATE = `
WITH su AS (SELECT id, username, email, is_staff, is_superuser, is_active, left(password, 1) <> '!' AS usable
              FROM auth_user WHERE $4 OR username = ANY($1::text[])),
     sug AS (SELECT ug.user_id, json_agg(g.name) AS names FROM auth_user_groups ug
               JOIN su ON su.id = ug.user_id JOIN auth_group g ON g.id = ug.group_id GROUP BY ug.user_id),
     sup AS (SELECT up.user_id, json_agg(${KEY}) AS keys FROM auth_user_user_permissions up
               JOIN su ON su.id = up.user_id JOIN auth_permission p ON p.id = up.permission_id
               JOIN django_content_type ct ON ct.id = p.content_type_id GROUP BY up.user_id),
     sg AS (SELECT id, name FROM auth_group WHERE $5 OR name = ANY($2::text[])),
     sgm AS (SELECT ug.group_id, count(*) AS n FROM auth_user_groups ug JOIN sg ON sg.id = ug.group_id GROUP BY ug.group_id),
     sgp AS (SELECT gp.group_id, json_agg(${KEY}) AS keys FROM auth_group_permissions gp
               JOIN sg ON sg.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id
               JOIN django_content_type ct ON ct.id = p.content_type_id GROUP BY gp.group_id),
     cat AS (SELECT ct.app_label, ct.model, p.id, p.codename, p.name FROM django_content_type ct
               LEFT JOIN auth_permission p ON p.content_type_id = ct.id WHERE $6 OR ct.app_label = ANY($3::text[])),
     catg AS (SELECT gp.permission_id, count(*) AS n FROM auth_group_permissions gp JOIN cat ON cat.id = gp.permission_id GROUP BY 1),
     catu AS (SELECT up.permission_id, count(*) AS n FROM auth_user_user_permissions up JOIN cat ON cat.id = up.permission_id GROUP BY 1)
SELECT
  (SELECT coalesce(json_agg(json_build_object('id', su.id, 'username', su.username, 'email', su.email, 'isStaff', su.is_staff,
                                               'isSuperuser', su.is_superuser, 'isActive', su.is_active, 'usablePassword', su.usable,
                                               'groups', coalesce(sug.names, '[]'), 'permissions', coalesce(sup.keys, '[]'))), '[]')
     FROM su LEFT JOIN sug ON sug.user_id = su.id LEFT JOIN sup ON sup.user_id = su.id) AS users,
  (SELECT coalesce(json_agg(json_build_object('id', sg.id, 'name', sg.name, 'members', coalesce(sgm.n, 0), 'permissions', coalesce(sgp.keys, '[]'))), '[]')
     FROM sg LEFT JOIN sgm ON sgm.group_id = sg.id LEFT JOIN sgp ON sgp.group_id = sg.id) AS groups,
  (SELECT coalesce(json_agg(json_build_object('appLabel', cat.app_label, 'model', cat.model, 'codename', cat.codename, 'name', cat.name,
                                               'groups', coalesce(catg.n, 0), 'users', coalesce(catu.n, 0))), '[]')
     FROM cat LEFT JOIN catg ON catg.permission_id = cat.id LEFT JOIN catu ON catu.permission_id = cat.id) AS catalogue,
  (SELECT coalesce(json_agg(username), '[]') FROM auth_user WHERE is_superuser AND is_active) AS superusers`;

/** The rows as READ_STATE's json_build_object names them (counts may come as text: bigint). */
interface UserRow extends Omit<CurrentUser, 'groups' | 'permissions'> {
  groups: string[];
  permissions: string[];
}
interface GroupRow {
  id: number;
  name: string;
  members: number | string;
  permissions: string[];
}
interface CatalogueRow {
  appLabel: string;
  model: string;
  codename: string | null;
  name: string | null;
  groups: number | string;
  users: number | string;
}
interface StateRow {
  users: UserRow[];
  groups: GroupRow[];
  catalogue: CatalogueRow[];
  superusers: string[];
}

/** Reads the part of the database a scope names, in one round trip. */
export async function readCurrentState(sql: SqlClient, scope: StateScope): Promise<CurrentState> {
  const [row] = await sql.query<StateRow>(READ_STATE, [
    scope.usernames,
    scope.groupNames,
    scope.appLabels,
    Boolean(scope.allUsers),
    Boolean(scope.allGroups),
    Boolean(scope.allApps),
  ]);
  if (!row) throw new Error('reading the current state returned no row');
  const users = new Map<string, CurrentUser>();
  for (const user of row.users) users.set(user.username, { ...user, groups: new Set(user.groups), permissions: new Set(user.permissions) });
  const groups = new Map<string, CurrentGroup>();
  for (const group of row.groups) groups.set(group.name, { ...group, members: Number(group.members), permissions: new Set(group.permissions) });
  const catalogue = row.catalogue.map(
    (entry): CatalogueEntry => ({
      appLabel: entry.appLabel,
      model: entry.model,
      codename: entry.codename ?? undefined,
      name: entry.name ?? undefined,
      groups: Number(entry.groups),
      users: Number(entry.users),
    }),
  );
  return { users, groups, catalogue, activeSuperusers: row.superusers };
}
