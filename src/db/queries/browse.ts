import { splitKey } from '../../domain/permission-ref.js';
import type { BrowseQueries } from '../../domain/ports.js';
import type { GroupDetail, GroupRow, Matrix, PageRequest, PermissionHolders, PermissionInfo, PermissionSource, UserDetail, UserRow } from '../../domain/read-models.js';
import type { UserModel } from '../../domain/user-model.js';
import type { SqlClient } from '../sql.js';
import { userSql } from '../user-sql.js';

/** The console's read models in SQL: keyset pages on the unique names; filters and counts run in the database. */

const like = (filter?: string) => (filter ? `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null);

function keyset(column: string, request: PageRequest, firstParam: number): { where: string; order: string; params: unknown[] } {
  if (request.after !== undefined) return { where: `${column} > $${firstParam}`, order: `${column} ASC`, params: [request.after] };
  if (request.before !== undefined) return { where: `${column} < $${firstParam}`, order: `${column} DESC`, params: [request.before] };
  return { where: 'TRUE', order: `${column} ASC`, params: [] };
}

export async function countUsers(sql: SqlClient, model: UserModel, filter?: string): Promise<number> {
  const U = userSql(model);
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${U.table} u WHERE $1::text IS NULL OR u.${U.login} ILIKE $1 OR ${U.email('u')} ILIKE $1`,
    [like(filter)],
  );
  return row.n;
}

export async function usersPage(sql: SqlClient, model: UserModel, request: PageRequest): Promise<UserRow[]> {
  const U = userSql(model);
  const page = keyset(`u.${U.login}`, request, 3);
  const rows = await sql.query<any>(
    `SELECT u.${U.login} AS username, ${U.email('u')} AS email, ${U.flag('u', 'is_staff')} AS is_staff, ${U.flag('u', 'is_superuser')} AS is_superuser,
            ${U.flag('u', 'is_active')} AS is_active,
            (SELECT count(*)::int FROM ${U.groups.table} ug WHERE ug.${U.groups.user} = u.${U.pk}) AS groups
       FROM ${U.table} u
      WHERE ($1::text IS NULL OR u.${U.login} ILIKE $1 OR ${U.email('u')} ILIKE $1) AND ${page.where}
      ORDER BY ${page.order} LIMIT $2`,
    [like(request.filter), request.limit, ...page.params],
  );
  const mapped = rows.map((r) => ({ username: r.username, email: r.email, isStaff: r.is_staff, isSuperuser: r.is_superuser, isActive: r.is_active, groups: r.groups }));
  return request.before !== undefined ? mapped.reverse() : mapped;
}

export async function countGroups(sql: SqlClient, filter?: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth_group WHERE $1::text IS NULL OR name ILIKE $1`, [like(filter)]);
  return row.n;
}

export async function groupsPage(sql: SqlClient, model: UserModel, request: PageRequest): Promise<GroupRow[]> {
  const U = userSql(model);
  const page = keyset('g.name', request, 3);
  const rows = await sql.query<any>(
    `SELECT g.name,
            (SELECT count(*)::int FROM ${U.groups.table} ug WHERE ug.${U.groups.group} = g.id) AS members,
            (SELECT count(*)::int FROM auth_group_permissions gp WHERE gp.group_id = g.id) AS permissions
       FROM auth_group g
      WHERE ($1::text IS NULL OR g.name ILIKE $1) AND ${page.where}
      ORDER BY ${page.order} LIMIT $2`,
    [like(request.filter), request.limit, ...page.params],
  );
  return request.before !== undefined ? rows.reverse() : rows;
}

const PERMISSION_COLUMNS = `ct.app_label || ':' || ct.model || ':' || p.codename AS key, ct.app_label AS "appLabel", ct.model, p.codename, p.name`;

export async function userDetail(sql: SqlClient, model: UserModel, username: string): Promise<UserDetail | undefined> {
  const U = userSql(model);
  const [user] = await sql.query<any>(
    `SELECT u.${U.pk} AS id, u.${U.login} AS username, ${U.email('u')} AS email, ${U.flag('u', 'is_staff')} AS is_staff,
            ${U.flag('u', 'is_superuser')} AS is_superuser, ${U.flag('u', 'is_active')} AS is_active, u.last_login,
            ${model.columns.has('date_joined') ? 'u.date_joined' : 'NULL'} AS date_joined
       FROM ${U.table} u WHERE u.${U.login} = $1`,
    [username],
  );
  if (!user) return undefined;
  const groups = (
    await sql.query<{ name: string }>(
      `SELECT g.name FROM ${U.groups.table} ug JOIN auth_group g ON g.id = ug.${U.groups.group} WHERE ug.${U.groups.user} = $1 ORDER BY 1`,
      [user.id],
    )
  ).map((r) => r.name);
  const direct = await sql.query<PermissionInfo>(
    `SELECT ${PERMISSION_COLUMNS} FROM ${U.permissions.table} up JOIN auth_permission p ON p.id = up.${U.permissions.permission}
       JOIN django_content_type ct ON ct.id = p.content_type_id WHERE up.${U.permissions.user} = $1 ORDER BY 1`,
    [user.id],
  );
  let effective: PermissionSource[] = [];
  if (user.is_active && user.is_superuser) {
    const all = await sql.query<PermissionInfo>(`SELECT ${PERMISSION_COLUMNS} FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY 1`);
    effective = all.map((permission) => ({ permission, sources: ['superuser'] }));
  } else if (user.is_active) {
    const viaGroups = await sql.query<PermissionInfo & { group: string }>(
      `SELECT ${PERMISSION_COLUMNS}, g.name AS group FROM ${U.groups.table} ug JOIN auth_group g ON g.id = ug.${U.groups.group}
         JOIN auth_group_permissions gp ON gp.group_id = g.id JOIN auth_permission p ON p.id = gp.permission_id
         JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ug.${U.groups.user} = $1 ORDER BY 1, g.name`,
      [user.id],
    );
    const byKey = new Map<string, PermissionSource>();
    for (const permission of direct) byKey.set(permission.key, { permission, sources: ['direct'] });
    for (const { group, ...permission } of viaGroups) {
      const entry = byKey.get(permission.key) ?? { permission, sources: [] };
      entry.sources.push(`group ${group}`);
      byKey.set(permission.key, entry);
    }
    effective = [...byKey.values()].sort((a, b) => (a.permission.key < b.permission.key ? -1 : 1));
  }
  return {
    username: user.username,
    email: user.email,
    isStaff: user.is_staff,
    isSuperuser: user.is_superuser,
    isActive: user.is_active,
    lastLogin: user.last_login,
    dateJoined: user.date_joined,
    groups,
    direct,
    effective,
  };
}

export async function groupDetail(sql: SqlClient, model: UserModel, name: string, memberLimit = 200): Promise<GroupDetail | undefined> {
  const U = userSql(model);
  const [group] = await sql.query<{ id: number; name: string }>(`SELECT id, name FROM auth_group WHERE name = $1`, [name]);
  if (!group) return undefined;
  const permissions = await sql.query<PermissionInfo>(
    `SELECT ${PERMISSION_COLUMNS} FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id
       JOIN django_content_type ct ON ct.id = p.content_type_id WHERE gp.group_id = $1 ORDER BY 1`,
    [group.id],
  );
  const [{ n }] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${U.groups.table} WHERE ${U.groups.group} = $1`, [group.id]);
  const members = await sql.query<{ username: string; email: string }>(
    `SELECT u.${U.login} AS username, ${U.email('u')} AS email FROM ${U.groups.table} ug JOIN ${U.table} u ON u.${U.pk} = ug.${U.groups.user}
      WHERE ug.${U.groups.group} = $1 ORDER BY 1 LIMIT $2`,
    [group.id, memberLimit],
  );
  return { name: group.name, permissions, memberCount: n, members };
}

/** Every permission, by app and model (thousands at most: small enough to hold); the filter also takes either notation. */
export async function permissionCatalogue(sql: SqlClient, filter?: string): Promise<PermissionInfo[]> {
  return sql.query<PermissionInfo>(
    `SELECT ${PERMISSION_COLUMNS} FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
      WHERE $1::text IS NULL OR ct.app_label ILIKE $1 OR ct.model ILIKE $1 OR p.codename ILIKE $1 OR p.name ILIKE $1
         OR ct.app_label || ':' || ct.model || ':' || p.codename ILIKE $1 OR ct.app_label || '.' || p.codename ILIKE $1 ORDER BY 1`,
    [like(filter)],
  );
}

export async function permissionHolders(sql: SqlClient, userModel: UserModel, key: string, limit = 200): Promise<PermissionHolders> {
  const U = userSql(userModel);
  const params = splitKey(key);
  const perm = `(SELECT p.id FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = $1 AND ct.model = $2 AND p.codename = $3)`;
  const groups = await sql.query<{ name: string }>(`SELECT g.name FROM auth_group_permissions gp JOIN auth_group g ON g.id = gp.group_id WHERE gp.permission_id = ${perm} ORDER BY 1`, params);
  const users = await sql.query<{ username: string }>(
    `SELECT u.${U.login} AS username FROM ${U.permissions.table} up JOIN ${U.table} u ON u.${U.pk} = up.${U.permissions.user}
      WHERE up.${U.permissions.permission} = ${perm} ORDER BY 1 LIMIT ${limit}`,
    params,
  );
  const via = await sql.query<{ username: string; group: string }>(
    `SELECT u.${U.login} AS username, g.name AS group FROM auth_group_permissions gp JOIN auth_group g ON g.id = gp.group_id
       JOIN ${U.groups.table} ug ON ug.${U.groups.group} = g.id JOIN ${U.table} u ON u.${U.pk} = ug.${U.groups.user}
      WHERE gp.permission_id = ${perm} ORDER BY 1, 2 LIMIT ${limit}`,
    params,
  );
  const [{ n }] = await sql.query<{ n: number }>(
    `SELECT count(DISTINCT ug.${U.groups.user})::int AS n FROM auth_group_permissions gp JOIN ${U.groups.table} ug ON ug.${U.groups.group} = gp.group_id
      WHERE gp.permission_id = ${perm}`,
    params,
  );
  return { groups: groups.map((g) => g.name), users: users.map((u) => u.username), viaGroups: via, viaGroupCount: n };
}

export async function appLabels(sql: SqlClient): Promise<string[]> {
  return (await sql.query<{ app_label: string }>(`SELECT DISTINCT app_label FROM django_content_type ORDER BY 1`)).map((r) => r.app_label);
}

/** The groups (a page of them) against the permissions of one app. */
export async function permissionMatrix(sql: SqlClient, appLabel: string, request: PageRequest): Promise<Matrix> {
  const permissions = await sql.query<PermissionInfo>(
    `SELECT ${PERMISSION_COLUMNS} FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = $1 ORDER BY ct.model, p.codename`,
    [appLabel],
  );
  const page = keyset('g.name', request, 3);
  const rows = await sql.query<{ name: string; keys: string[] }>(
    `SELECT g.name, coalesce(array_agg(ct.app_label || ':' || ct.model || ':' || p.codename) FILTER (WHERE ct.app_label = $1), '{}') AS keys
       FROM auth_group g LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id
       LEFT JOIN auth_permission p ON p.id = gp.permission_id LEFT JOIN django_content_type ct ON ct.id = p.content_type_id
      WHERE ${page.where} GROUP BY g.name ORDER BY ${page.order} LIMIT $2`,
    [appLabel, request.limit, ...page.params],
  );
  const groups = rows.map((r) => ({ name: r.name, has: new Set(r.keys) }));
  return { permissions, groups: request.before !== undefined ? groups.reverse() : groups };
}

/** Which of these users are members of the group (one query, for a picker's page). */
export async function membersAmong(sql: SqlClient, model: UserModel, group: string, usernames: string[]): Promise<Set<string>> {
  const U = userSql(model);
  const rows = await sql.query<{ username: string }>(
    `SELECT u.${U.login} AS username FROM ${U.table} u JOIN ${U.groups.table} ug ON ug.${U.groups.user} = u.${U.pk} JOIN auth_group g ON g.id = ug.${U.groups.group}
      WHERE g.name = $1 AND u.${U.login} = ANY($2::text[])`,
    [group, usernames],
  );
  return new Set(rows.map((r) => r.username));
}

/** The browse queries bound to one connection: the domain's BrowseQueries port. */
export function sqlBrowseQueries(sql: SqlClient, userModel: () => Promise<UserModel>): BrowseQueries {
  return {
    countUsers: async (filter) => countUsers(sql, await userModel(), filter),
    usersPage: async (request) => usersPage(sql, await userModel(), request),
    countGroups: (filter) => countGroups(sql, filter),
    groupsPage: async (request) => groupsPage(sql, await userModel(), request),
    userDetail: async (username) => userDetail(sql, await userModel(), username),
    groupDetail: async (name) => groupDetail(sql, await userModel(), name),
    membersAmong: async (group, usernames) => membersAmong(sql, await userModel(), group, usernames),
    permissions: (filter) => permissionCatalogue(sql, filter),
    holders: async (key) => permissionHolders(sql, await userModel(), key),
    apps: () => appLabels(sql),
    matrix: (appLabel, request) => permissionMatrix(sql, appLabel, request),
  };
}
