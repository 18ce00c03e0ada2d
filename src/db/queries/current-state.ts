import type { CatalogueEntry, CurrentGroup, CurrentState, CurrentUser, StateScope } from '../../domain/plan/current-state.js';
import type { UserModel } from '../../domain/user-model.js';
import type { SqlClient } from '../sql.js';
import { userSql } from '../user-sql.js';

const KEY = `ct.app_label || ':' || ct.model || ':' || p.codename`;

/**
 * One statement of set-based parts (no subquery per row): the users in scope with their groups and
 * direct permissions, the groups in scope with their permissions and member counts, and the
 * catalogue of the apps in scope with grant counts. Rows come as JSON, which parses fast at
 * 100,000 users. The password is never read, only whether it is usable. Users are named by the
 * model's login column (USERNAME_FIELD); a flag the model lacks reads as Django's value for it.
 */
function readStateSql(model: UserModel): string {
  const U = userSql(model);
  return `
WITH su AS (SELECT u.${U.pk} AS id, u.${U.login} AS username, ${U.email('u')} AS email, ${U.flag('u', 'is_staff')} AS is_staff,
                   ${U.flag('u', 'is_superuser')} AS is_superuser, ${U.flag('u', 'is_active')} AS is_active, left(u.password, 1) <> '!' AS usable
              FROM ${U.table} u WHERE $4 OR u.${U.login} = ANY($1::text[])),
     sug AS (SELECT ug.${U.groups.user} AS user_id, json_agg(g.name) AS names FROM ${U.groups.table} ug
               JOIN su ON su.id = ug.${U.groups.user} JOIN auth_group g ON g.id = ug.${U.groups.group} GROUP BY 1),
     sup AS (SELECT up.${U.permissions.user} AS user_id, json_agg(${KEY}) AS keys FROM ${U.permissions.table} up
               JOIN su ON su.id = up.${U.permissions.user} JOIN auth_permission p ON p.id = up.${U.permissions.permission}
               JOIN django_content_type ct ON ct.id = p.content_type_id GROUP BY 1),
     sg AS (SELECT id, name FROM auth_group WHERE $5 OR name = ANY($2::text[])),
     sgm AS (SELECT ug.${U.groups.group} AS group_id, count(*) AS n FROM ${U.groups.table} ug JOIN sg ON sg.id = ug.${U.groups.group} GROUP BY 1),
     sgp AS (SELECT gp.group_id, json_agg(${KEY}) AS keys FROM auth_group_permissions gp
               JOIN sg ON sg.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id
               JOIN django_content_type ct ON ct.id = p.content_type_id GROUP BY gp.group_id),
     cat AS (SELECT ct.app_label, ct.model, p.id, p.codename, p.name FROM django_content_type ct
               LEFT JOIN auth_permission p ON p.content_type_id = ct.id WHERE $6 OR ct.app_label = ANY($3::text[])),
     catg AS (SELECT gp.permission_id, count(*) AS n FROM auth_group_permissions gp JOIN cat ON cat.id = gp.permission_id GROUP BY 1),
     catu AS (SELECT up.${U.permissions.permission} AS permission_id, count(*) AS n FROM ${U.permissions.table} up
                JOIN cat ON cat.id = up.${U.permissions.permission} GROUP BY 1)
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
  (SELECT coalesce(json_agg(u.${U.login}), '[]') FROM ${U.table} u WHERE ${U.flag('u', 'is_superuser')} AND ${U.flag('u', 'is_active')}) AS superusers`;
}

/** The rows as readStateSql's json_build_object names them (counts may come as text: bigint). */
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
export async function readCurrentState(sql: SqlClient, model: UserModel, scope: StateScope): Promise<CurrentState> {
  const [row] = await sql.query<StateRow>(readStateSql(model), [
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
  const catalogue = row.catalogue.map((entry): CatalogueEntry => ({
    appLabel: entry.appLabel,
    model: entry.model,
    codename: entry.codename ?? undefined,
    name: entry.name ?? undefined,
    groups: Number(entry.groups),
    users: Number(entry.users),
  }));
  return { users, groups, catalogue, activeSuperusers: row.superusers, userModel: model };
}
