import { splitKey } from '../../domain/permission-ref.js';
import type { BrowseQueries } from '../../domain/ports.js';
import type {
  AccessSnapshotUser,
  GroupDetail,
  GroupFilter,
  GroupPageRequest,
  GroupRow,
  GroupSort,
  MatrixRow,
  PageRequest,
  PermissionHolderRows,
  PermissionInfo,
  PermissionSource,
  UserDetail,
  UserFilter,
  UserPageRequest,
  UserRow,
  UserSort,
  Window,
  WindowRequest,
} from '../../domain/read-models.js';
import type { UserModel } from '../../domain/user-model.js';
import type { SqlClient } from '../sql.js';
import { userSql, type UserSql } from '../user-sql.js';

/** The console's read models in SQL: keyset pages on the unique names; filters and counts run in the database. */

const backwards = (request: PageRequest) => request.before !== undefined || Boolean(request.last);

const like = (filter?: string) => (filter ? `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null);

function keyset(column: string, request: PageRequest, firstParam: number): { where: string; order: string; params: unknown[] } {
  if (request.after !== undefined) return { where: `${column} > $${firstParam}`, order: `${column} ASC`, params: [request.after] };
  if (request.before !== undefined) return { where: `${column} < $${firstParam}`, order: `${column} DESC`, params: [request.before] };
  if (request.last) return { where: 'TRUE', order: `${column} DESC`, params: [] };
  return { where: 'TRUE', order: `${column} ASC`, params: [] };
}

/** The WHERE of a users query: the text filter and the admin-like filters, with their parameters from $`first`. */
function userWhere(U: UserSql, filter: string | undefined, where: UserFilter = {}, first: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${first + params.push(value) - 1}`;
  const parts: string[] = [];
  if (filter) {
    const p = param(like(filter));
    parts.push(`(u.${U.login} ILIKE ${p} OR ${U.email('u')} ILIKE ${p})`);
  }
  if (where.staff !== undefined) parts.push(`${U.flag('u', 'is_staff')} = ${param(where.staff)}`);
  if (where.superuser !== undefined) parts.push(`${U.flag('u', 'is_superuser')} = ${param(where.superuser)}`);
  if (where.active !== undefined) parts.push(`${U.flag('u', 'is_active')} = ${param(where.active)}`);
  if (where.group !== undefined) {
    parts.push(
      `EXISTS (SELECT 1 FROM ${U.groups.table} ug JOIN auth_group g ON g.id = ug.${U.groups.group} WHERE ug.${U.groups.user} = u.${U.pk} AND g.name = ${param(where.group)})`,
    );
  }
  if (where.holds !== undefined) {
    // Django's has_perm: active, and a superuser, or granted directly or through a group.
    const [appLabel, model, codename] = splitKey(where.holds);
    const perm = `(SELECT p.id FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = ${param(appLabel)} AND ct.model = ${param(model)} AND p.codename = ${param(codename)})`;
    parts.push(`${U.flag('u', 'is_active')} AND (${U.flag('u', 'is_superuser')}
      OR EXISTS (SELECT 1 FROM ${U.permissions.table} up WHERE up.${U.permissions.user} = u.${U.pk} AND up.${U.permissions.permission} = ${perm})
      OR EXISTS (SELECT 1 FROM ${U.groups.table} ug JOIN auth_group_permissions gp ON gp.group_id = ug.${U.groups.group} WHERE ug.${U.groups.user} = u.${U.pk} AND gp.permission_id = ${perm}))`);
  }
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', params };
}

export async function countUsers(sql: SqlClient, model: UserModel, filter?: string, where?: UserFilter): Promise<number> {
  const U = userSql(model);
  const w = userWhere(U, filter, where, 1);
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${U.table} u WHERE ${w.sql}`, w.params);
  return row?.n ?? 0;
}

export async function usersPage(sql: SqlClient, model: UserModel, request: UserPageRequest): Promise<UserRow[]> {
  const U = userSql(model);
  const sort = request.sort ?? 'username';
  const w = userWhere(U, request.filter, request.where, 2);
  const at = 2 + w.params.length;
  const lastLogin = model.columns.has('last_login') ? 'u.last_login' : 'NULL::timestamptz';
  const dateJoined = model.columns.has('date_joined') ? 'u.date_joined' : 'NULL::timestamptz';
  const column: Record<Exclude<UserSort, 'username'>, string> = {
    last_login: `coalesce(${lastLogin}, '-infinity'::timestamptz)`,
    date_joined: `coalesce(${dateJoined}, '-infinity'::timestamptz)`,
  };
  let page: { where: string; order: string; params: unknown[] };
  if (sort === 'username') page = keyset(`u.${U.login}`, request, at);
  else {
    // Newest first, then by username: the key is [time, username].
    const c = column[sort];
    const key = request.after ?? request.before;
    const [time, username] = key === undefined ? [] : (JSON.parse(key) as [string | null, string]);
    const bound = `(${c}, u.${U.login})`;
    const value = `(coalesce($${at}::timestamptz, '-infinity'::timestamptz), $${at + 1}::text)`;
    if (request.after !== undefined) page = { where: `${bound} < ${value}`, order: `${c} DESC, u.${U.login} DESC`, params: [time, username] };
    else if (request.before !== undefined) page = { where: `${bound} > ${value}`, order: `${c} ASC, u.${U.login} ASC`, params: [time, username] };
    else if (request.last) page = { where: 'TRUE', order: `${c} ASC, u.${U.login} ASC`, params: [] };
    else page = { where: 'TRUE', order: `${c} DESC, u.${U.login} DESC`, params: [] };
  }
  const rows = await sql.query<{
    username: string;
    email: string;
    is_staff: boolean;
    is_superuser: boolean;
    is_active: boolean;
    last_login: string | null;
    date_joined: string;
    groups: number;
  }>(
    `SELECT u.${U.login} AS username, ${U.email('u')} AS email, ${U.flag('u', 'is_staff')} AS is_staff, ${U.flag('u', 'is_superuser')} AS is_superuser,
            ${U.flag('u', 'is_active')} AS is_active, ${lastLogin}::text AS last_login, ${dateJoined}::text AS date_joined,
            (SELECT count(*)::int FROM ${U.groups.table} ug WHERE ug.${U.groups.user} = u.${U.pk}) AS groups
       FROM ${U.table} u
      WHERE ${w.sql} AND ${page.where}
      ORDER BY ${page.order} LIMIT $1`,
    [request.limit, ...w.params, ...page.params],
  );
  const mapped: UserRow[] = rows.map((r) => ({
    username: r.username,
    email: r.email,
    isStaff: r.is_staff,
    isSuperuser: r.is_superuser,
    isActive: r.is_active,
    groups: r.groups,
    lastLogin: r.last_login,
    dateJoined: r.date_joined,
  }));
  return backwards(request) ? mapped.reverse() : mapped;
}

/** The WHERE of a groups query: the text filter and the list's filters, with their parameters from $`first`. */
function groupWhere(U: UserSql, filter: string | undefined, where: GroupFilter = {}, first: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${first + params.push(value) - 1}`;
  const parts: string[] = [];
  if (filter) parts.push(`g.name ILIKE ${param(like(filter))}`);
  if (where.empty !== undefined) parts.push(`${where.empty ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${U.groups.table} ug WHERE ug.${U.groups.group} = g.id)`);
  if (where.has !== undefined) {
    const [appLabel, model, codename] = splitKey(where.has);
    parts.push(`EXISTS (SELECT 1 FROM auth_group_permissions gp JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id
      WHERE gp.group_id = g.id AND ct.app_label = ${param(appLabel)} AND ct.model = ${param(model)} AND p.codename = ${param(codename)})`);
  }
  if (where.member !== undefined) {
    parts.push(
      `EXISTS (SELECT 1 FROM ${U.groups.table} ug JOIN ${U.table} u ON u.${U.pk} = ug.${U.groups.user} WHERE ug.${U.groups.group} = g.id AND u.${U.login} = ${param(where.member)})`,
    );
  }
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', params };
}

export async function countGroups(sql: SqlClient, model: UserModel, filter?: string, where?: GroupFilter): Promise<number> {
  const w = groupWhere(userSql(model), filter, where, 1);
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth_group g WHERE ${w.sql}`, w.params);
  return row?.n ?? 0;
}

/** Keyset pagination under a sort: by name, or by a count (most first) then the name. */
function groupKeyset(sort: GroupSort, request: PageRequest, firstParam: number): { where: string; order: string; params: unknown[] } {
  if (sort === 'name') return keyset('q.name', request, firstParam);
  const count = `q.${sort}`;
  const [c, n] = (() => {
    const key = request.after ?? request.before;
    return key === undefined ? [undefined, undefined] : (JSON.parse(key) as [number, string]);
  })();
  const a = `$${firstParam}`;
  const b = `$${firstParam + 1}`;
  if (request.after !== undefined) return { where: `(${count} < ${a} OR (${count} = ${a} AND q.name > ${b}))`, order: `${count} DESC, q.name ASC`, params: [c, n] };
  if (request.before !== undefined) return { where: `(${count} > ${a} OR (${count} = ${a} AND q.name < ${b}))`, order: `${count} ASC, q.name DESC`, params: [c, n] };
  if (request.last) return { where: 'TRUE', order: `${count} ASC, q.name DESC`, params: [] };
  return { where: 'TRUE', order: `${count} DESC, q.name ASC`, params: [] };
}

export async function groupsPage(sql: SqlClient, model: UserModel, request: GroupPageRequest): Promise<GroupRow[]> {
  const U = userSql(model);
  const w = groupWhere(U, request.filter, request.where, 2);
  const page = groupKeyset(request.sort ?? 'name', request, 2 + w.params.length);
  const rows = await sql.query<GroupRow>(
    `SELECT q.name, q.members, q.permissions FROM (
       SELECT g.name,
              (SELECT count(*)::int FROM ${U.groups.table} ug WHERE ug.${U.groups.group} = g.id) AS members,
              (SELECT count(*)::int FROM auth_group_permissions gp WHERE gp.group_id = g.id) AS permissions
         FROM auth_group g
        WHERE ${w.sql}) q
      WHERE ${page.where}
      ORDER BY ${page.order} LIMIT $1`,
    [request.limit, ...w.params, ...page.params],
  );
  return backwards(request) ? rows.reverse() : rows;
}

const PERMISSION_COLUMNS = `ct.app_label || ':' || ct.model || ':' || p.codename AS key, ct.app_label AS "appLabel", ct.model, p.codename, p.name`;

export async function userDetail(sql: SqlClient, model: UserModel, username: string): Promise<UserDetail | undefined> {
  const U = userSql(model);
  const [user] = await sql.query<{
    id: number;
    username: string;
    email: string;
    is_staff: boolean;
    is_superuser: boolean;
    is_active: boolean;
    last_login: Date | null;
    date_joined: Date | null;
  }>(
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
    const all = await sql.query<PermissionInfo>(
      `SELECT ${PERMISSION_COLUMNS} FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY 1`,
    );
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
  const [{ n } = { n: 0 }] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${U.groups.table} WHERE ${U.groups.group} = $1`, [group.id]);
  const members = await sql.query<{ username: string; email: string }>(
    `SELECT u.${U.login} AS username, ${U.email('u')} AS email FROM ${U.groups.table} ug JOIN ${U.table} u ON u.${U.pk} = ug.${U.groups.user}
      WHERE ug.${U.groups.group} = $1 ORDER BY 1 LIMIT $2`,
    [group.id, memberLimit],
  );
  return { name: group.name, permissions, memberCount: n, members };
}

/**
 * Permissions whose app, model, codename, name or key (in either notation) contains the filter
 * (`pattern`: a LIKE pattern or null). The key APP_LABEL:MODEL:CODENAME contains each of its parts:
 * one test covers the four (three fewer per row, and the picker asks at every key typed).
 */
const permissionMatch = (pattern: string) =>
  `(${pattern}::text IS NULL OR p.name ILIKE ${pattern} OR ct.app_label || ':' || ct.model || ':' || p.codename ILIKE ${pattern} OR ct.app_label || '.' || p.codename ILIKE ${pattern})`;

/** Every permission, by app and model (thousands at most: small enough to hold); the filter also takes either notation. */
export async function permissionCatalogue(sql: SqlClient, filter?: string): Promise<PermissionInfo[]> {
  return sql.query<PermissionInfo>(
    `SELECT ${PERMISSION_COLUMNS} FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ${permissionMatch('$1')} ORDER BY 1`,
    [like(filter)],
  );
}

/**
 * A window of a list of matches, and how many match: counted only when the window does not show
 * them all (a short list is one query).
 */
async function windowed<T>(request: WindowRequest, rows: Promise<T[]>, count: () => Promise<number>): Promise<Window<T>> {
  const shown = await rows;
  const whole = request.offset === 0 && shown.length < request.limit;
  return { rows: shown, total: whole ? shown.length : await count() };
}

/** The permissions matching a filter, a window at a time: the ones it names (APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME) first. */
export async function permissionsWindow(sql: SqlClient, request: WindowRequest): Promise<Window<PermissionInfo>> {
  const from = (pattern: string) => `FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ${permissionMatch(pattern)}`;
  const named = `lower(ct.app_label || ':' || ct.model || ':' || p.codename) = lower($4) OR lower(ct.app_label || '.' || p.codename) = lower($4)`;
  const order = request.filter ? `${named} DESC, 1` : '1';
  const params = [request.offset, request.limit, like(request.filter), ...(request.filter ? [request.filter] : [])];
  // Thousands of rows at most, all read for the order anyway: the count comes with the window, in one round trip per key typed.
  const rows = await sql.query<PermissionInfo & { total: number }>(
    `SELECT ${PERMISSION_COLUMNS}, count(*) OVER ()::int AS total ${from('$3')} ORDER BY ${order} OFFSET $1 LIMIT $2`,
    params,
  );
  // A window past the end has no row to carry the count.
  const total =
    rows[0]?.total ?? (request.offset === 0 ? 0 : ((await sql.query<{ n: number }>(`SELECT count(*)::int AS n ${from('$1')}`, [like(request.filter)]))[0]?.n ?? 0));
  return { rows: rows.map(({ total: _total, ...permission }) => permission), total };
}

/** Group names containing a filter, a window at a time: the one it names exactly first. */
export async function groupNamesWindow(sql: SqlClient, request: WindowRequest): Promise<Window<string>> {
  const where = (pattern: string) => `(${pattern}::text IS NULL OR g.name ILIKE ${pattern})`;
  const order = request.filter ? 'g.name = $4 DESC, g.name' : 'g.name';
  const params = [request.offset, request.limit, like(request.filter), ...(request.filter ? [request.filter] : [])];
  return windowed(
    request,
    sql
      .query<{ name: string }>(`SELECT g.name FROM auth_group g WHERE ${where('$3')} ORDER BY ${order} OFFSET $1 LIMIT $2`, params)
      .then((rows) => rows.map((r) => r.name)),
    async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth_group g WHERE ${where('$1')}`, [like(request.filter)]))[0]?.n ?? 0,
  );
}

/** Users whose login or email contains a filter, a window at a time: the one it names exactly first. */
export async function usersWindow(sql: SqlClient, model: UserModel, request: WindowRequest): Promise<Window<{ username: string; email: string }>> {
  const U = userSql(model);
  const w = userWhere(U, request.filter, {}, 3);
  // Without a filter the order is the login's index (100,000 users: no sort).
  const order = request.filter ? `u.${U.login} = $${3 + w.params.length} DESC, u.${U.login}` : `u.${U.login}`;
  const params = [request.offset, request.limit, ...w.params, ...(request.filter ? [request.filter] : [])];
  return windowed(
    request,
    sql.query<{ username: string; email: string }>(
      `SELECT u.${U.login} AS username, ${U.email('u')} AS email FROM ${U.table} u WHERE ${w.sql} ORDER BY ${order} OFFSET $1 LIMIT $2`,
      params,
    ),
    () => countUsers(sql, model, request.filter),
  );
}

/** The users with a path to a permission (superusers, direct grants, members of a group that has it), and the groups that have it. */
export async function permissionHolderRows(sql: SqlClient, userModel: UserModel, key: string, limit = 500): Promise<PermissionHolderRows> {
  const U = userSql(userModel);
  const params = splitKey(key);
  const perm = `(SELECT p.id FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = $1 AND ct.model = $2 AND p.codename = $3)`;
  const groups = await sql.query<{ name: string }>(
    `SELECT g.name FROM auth_group_permissions gp JOIN auth_group g ON g.id = gp.group_id WHERE gp.permission_id = ${perm} ORDER BY 1`,
    params,
  );
  const candidates = `
    WITH pid AS ${perm},
    via AS (SELECT ug.${U.groups.user} AS user_id, g.name FROM ${U.groups.table} ug JOIN auth_group_permissions gp ON gp.group_id = ug.${U.groups.group}
              JOIN auth_group g ON g.id = ug.${U.groups.group} WHERE gp.permission_id = (SELECT * FROM pid)),
    direct AS (SELECT ${U.permissions.user} AS user_id FROM ${U.permissions.table} WHERE ${U.permissions.permission} = (SELECT * FROM pid)),
    ids AS (SELECT u.${U.pk} AS user_id FROM ${U.table} u WHERE ${U.flag('u', 'is_superuser')} UNION SELECT user_id FROM direct UNION SELECT user_id FROM via)`;
  const rows = await sql.query<{ username: string; is_active: boolean; is_superuser: boolean; direct: boolean; groups: string[] }>(
    `${candidates}
     SELECT u.${U.login} AS username, ${U.flag('u', 'is_active')} AS is_active, ${U.flag('u', 'is_superuser')} AS is_superuser,
            EXISTS (SELECT 1 FROM direct d WHERE d.user_id = u.${U.pk}) AS direct,
            coalesce((SELECT array_agg(v.name ORDER BY v.name) FROM via v WHERE v.user_id = u.${U.pk}), '{}') AS groups
       FROM ids JOIN ${U.table} u ON u.${U.pk} = ids.user_id ORDER BY 1 LIMIT ${Number(limit)}`,
    params,
  );
  const [{ n } = { n: 0 }] = await sql.query<{ n: number }>(`${candidates} SELECT count(*)::int AS n FROM ids`, params);
  return {
    groups: groups.map((g) => g.name),
    candidates: rows.map((r) => ({ username: r.username, isActive: r.is_active, isSuperuser: r.is_superuser, direct: r.direct, groups: r.groups })),
    candidateCount: n,
  };
}

export async function appLabels(sql: SqlClient): Promise<string[]> {
  return (await sql.query<{ app_label: string }>(`SELECT DISTINCT app_label FROM django_content_type ORDER BY 1`)).map((r) => r.app_label);
}

/** Models (content types) whose APP_LABEL:MODEL contains the filter, the first 500. */
export async function contentTypes(sql: SqlClient, request: WindowRequest): Promise<Window<{ appLabel: string; model: string }>> {
  const where = (pattern: string) => `(${pattern}::text IS NULL OR app_label || ':' || model ILIKE ${pattern})`;
  const order = request.filter ? `lower(app_label || ':' || model) = lower($4) DESC, 1, 2` : '1, 2';
  const params = [request.offset, request.limit, like(request.filter), ...(request.filter ? [request.filter] : [])];
  return windowed(
    request,
    sql
      .query<{ app_label: string; model: string }>(`SELECT app_label, model FROM django_content_type WHERE ${where('$3')} ORDER BY ${order} OFFSET $1 LIMIT $2`, params)
      .then((rows) => rows.map((r) => ({ appLabel: r.app_label, model: r.model }))),
    async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM django_content_type WHERE ${where('$1')}`, [like(request.filter)]))[0]?.n ?? 0,
  );
}

/** The permissions of one app, by model and codename: the matrix's columns. */
export async function appPermissions(sql: SqlClient, appLabel: string): Promise<PermissionInfo[]> {
  return sql.query<PermissionInfo>(
    `SELECT ${PERMISSION_COLUMNS} FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = $1 ORDER BY ct.model, p.codename`,
    [appLabel],
  );
}

/** The groups (a page of them), each with the permissions of one app it has: the matrix's rows. */
export async function permissionMatrix(sql: SqlClient, appLabel: string, request: PageRequest): Promise<MatrixRow[]> {
  const page = keyset('g.name', request, 3);
  const rows = await sql.query<{ name: string; keys: string[] }>(
    `SELECT g.name, coalesce(array_agg(ct.app_label || ':' || ct.model || ':' || p.codename) FILTER (WHERE ct.app_label = $1), '{}') AS keys
       FROM auth_group g LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id
       LEFT JOIN auth_permission p ON p.id = gp.permission_id LEFT JOIN django_content_type ct ON ct.id = p.content_type_id
      WHERE ${page.where} GROUP BY g.name ORDER BY ${page.order} LIMIT $2`,
    [appLabel, request.limit, ...page.params],
  );
  const groups = rows.map((r) => ({ name: r.name, has: new Set(r.keys) }));
  return backwards(request) ? groups.reverse() : groups;
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

/** Whether a user with exactly this login exists (Django's unique constraint is exact). */
export async function userExists(sql: SqlClient, model: UserModel, username: string): Promise<boolean> {
  const U = userSql(model);
  return (await sql.query(`SELECT 1 FROM ${U.table} WHERE ${U.login} = $1`, [username])).length > 0;
}

export async function groupExists(sql: SqlClient, name: string): Promise<boolean> {
  return (await sql.query(`SELECT 1 FROM auth_group WHERE name = $1`, [name])).length > 0;
}

const KEY_OF = `ct.app_label || ':' || ct.model || ':' || p.codename`;

/** Flags, groups and direct permissions of these users (what their permissions depend on). */
export async function userAccess(sql: SqlClient, model: UserModel, usernames: string[]): Promise<Map<string, AccessSnapshotUser>> {
  const U = userSql(model);
  const rows = await sql.query<{ username: string; is_active: boolean; is_superuser: boolean; groups: string[]; permissions: string[] }>(
    `SELECT u.${U.login} AS username, ${U.flag('u', 'is_active')} AS is_active, ${U.flag('u', 'is_superuser')} AS is_superuser,
            coalesce((SELECT array_agg(g.name) FROM ${U.groups.table} ug JOIN auth_group g ON g.id = ug.${U.groups.group} WHERE ug.${U.groups.user} = u.${U.pk}), '{}') AS groups,
            coalesce((SELECT array_agg(${KEY_OF}) FROM ${U.permissions.table} up JOIN auth_permission p ON p.id = up.${U.permissions.permission}
                        JOIN django_content_type ct ON ct.id = p.content_type_id WHERE up.${U.permissions.user} = u.${U.pk}), '{}') AS permissions
       FROM ${U.table} u WHERE u.${U.login} = ANY($1::text[])`,
    [usernames],
  );
  return new Map(rows.map((r) => [r.username, { isActive: r.is_active, isSuperuser: r.is_superuser, groups: new Set(r.groups), permissions: new Set(r.permissions) }]));
}

/** The permission keys of each of these groups. */
export async function groupPermissionSets(sql: SqlClient, groups: string[]): Promise<Map<string, Set<string>>> {
  const rows = await sql.query<{ name: string; keys: string[] }>(
    `SELECT g.name, coalesce(array_agg(${KEY_OF}) FILTER (WHERE p.id IS NOT NULL), '{}') AS keys
       FROM auth_group g LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id
       LEFT JOIN auth_permission p ON p.id = gp.permission_id LEFT JOIN django_content_type ct ON ct.id = p.content_type_id
      WHERE g.name = ANY($1::text[]) GROUP BY g.name`,
    [groups],
  );
  return new Map(rows.map((r) => [r.name, new Set(r.keys)]));
}

/** The first members (by login) of any of these groups. */
export async function membersOfGroups(sql: SqlClient, model: UserModel, groups: string[], limit: number): Promise<string[]> {
  const U = userSql(model);
  const rows = await sql.query<{ username: string }>(
    `SELECT DISTINCT u.${U.login} AS username FROM ${U.groups.table} ug JOIN auth_group g ON g.id = ug.${U.groups.group} JOIN ${U.table} u ON u.${U.pk} = ug.${U.groups.user}
      WHERE g.name = ANY($1::text[]) ORDER BY 1 LIMIT ${Number(limit)}`,
    [groups],
  );
  return rows.map((r) => r.username);
}

/** The browse queries bound to one connection: the domain's BrowseQueries port. */
export function sqlBrowseQueries(sql: SqlClient, userModel: () => Promise<UserModel>): BrowseQueries {
  return {
    countUsers: async (filter, where) => countUsers(sql, await userModel(), filter, where),
    usersPage: async (request) => usersPage(sql, await userModel(), request),
    countGroups: async (filter, where) => countGroups(sql, await userModel(), filter, where),
    groupsPage: async (request) => groupsPage(sql, await userModel(), request),
    userDetail: async (username) => userDetail(sql, await userModel(), username),
    groupDetail: async (name) => groupDetail(sql, await userModel(), name),
    membersAmong: async (group, usernames) => membersAmong(sql, await userModel(), group, usernames),
    permissions: (filter) => permissionCatalogue(sql, filter),
    permissionsWindow: (request) => permissionsWindow(sql, request),
    groupNamesWindow: (request) => groupNamesWindow(sql, request),
    usersWindow: async (request) => usersWindow(sql, await userModel(), request),
    holders: async (key) => permissionHolderRows(sql, await userModel(), key),
    userExists: async (username) => userExists(sql, await userModel(), username),
    groupExists: (name) => groupExists(sql, name),
    userAccess: async (usernames) => userAccess(sql, await userModel(), usernames),
    groupPermissionSets: (groups) => groupPermissionSets(sql, groups),
    membersOfGroups: async (groups, limit) => membersOfGroups(sql, await userModel(), groups, limit),
    apps: () => appLabels(sql),
    contentTypes: (request) => contentTypes(sql, request),
    appPermissions: (appLabel) => appPermissions(sql, appLabel),
    matrix: (appLabel, request) => permissionMatrix(sql, appLabel, request),
  };
}
