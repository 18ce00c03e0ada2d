import type { SqlClient } from '../../db/sql.js';
import { userSql } from '../../db/user-sql.js';
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
  /** Content types (and their permissions) of the apps in scope. */
  catalogue: CatalogueEntry[];
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

const namesIn = <T>(spec: { exact: T[] } | { add: T[]; remove: T[] } | undefined): T[] =>
  !spec ? [] : 'exact' in spec ? spec.exact : [...spec.add, ...spec.remove];

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

const KEY = `ct.app_label || ':' || ct.model || ':' || p.codename`;

/**
 * One statement of set-based parts (no subquery per row): the users in scope with their groups and
 * direct permissions, the groups in scope with their permissions and member counts, and the
 * catalogue of the apps in scope with grant counts. Rows come as JSON arrays, which parse fast at
 * 100,000 users. The password is never read, only whether it is usable. Users are named by the
 * model's login column (USERNAME_FIELD).
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
     catu AS (SELECT up.${U.permissions.permission} AS permission_id, count(*) AS n FROM ${U.permissions.table} up JOIN cat ON cat.id = up.${U.permissions.permission} GROUP BY 1)
SELECT
  (SELECT coalesce(json_agg(json_build_array(su.id, su.username, su.email, su.is_staff, su.is_superuser, su.is_active, su.usable,
                                              coalesce(sug.names, '[]'), coalesce(sup.keys, '[]'))), '[]')
     FROM su LEFT JOIN sug ON sug.user_id = su.id LEFT JOIN sup ON sup.user_id = su.id) AS users,
  (SELECT coalesce(json_agg(json_build_array(sg.id, sg.name, coalesce(sgm.n, 0), coalesce(sgp.keys, '[]'))), '[]')
     FROM sg LEFT JOIN sgm ON sgm.group_id = sg.id LEFT JOIN sgp ON sgp.group_id = sg.id) AS groups,
  (SELECT coalesce(json_agg(json_build_array(cat.app_label, cat.model, cat.codename, cat.name, coalesce(catg.n, 0), coalesce(catu.n, 0))), '[]')
     FROM cat LEFT JOIN catg ON catg.permission_id = cat.id LEFT JOIN catu ON catu.permission_id = cat.id) AS catalogue`;
}

export async function readCurrentState(sql: SqlClient, model: UserModel, scope: StateScope): Promise<CurrentState> {
  const [row] = await sql.query<{ users: any[][]; groups: any[][]; catalogue: any[][] }>(readStateSql(model), [
    scope.usernames,
    scope.groupNames,
    scope.appLabels,
    Boolean(scope.allUsers),
    Boolean(scope.allGroups),
    Boolean(scope.allApps),
  ]);
  const users = new Map<string, CurrentUser>();
  for (const [id, username, email, isStaff, isSuperuser, isActive, usablePassword, groups, permissions] of row.users) {
    users.set(username, { id, username, email, isStaff, isSuperuser, isActive, usablePassword, groups: new Set(groups), permissions: new Set(permissions) });
  }
  const groups = new Map<string, CurrentGroup>();
  for (const [id, name, members, permissions] of row.groups) groups.set(name, { id, name, members: Number(members), permissions: new Set(permissions) });
  const catalogue = row.catalogue.map(([appLabel, model, codename, name, groupCount, userCount]) => ({
    appLabel,
    model,
    codename: codename ?? undefined,
    name: name ?? undefined,
    groups: Number(groupCount),
    users: Number(userCount),
  }));
  return { users, groups, catalogue };
}
