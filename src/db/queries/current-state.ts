import type { CatalogueEntry, CurrentGroup, CurrentState, CurrentUser, StateScope } from '../../domain/plan/current-state.js';
import type { UserModel } from '../../domain/user-model.js';
import type { SqlClient } from '../sql.js';
import { userSql } from '../user-sql.js';

const KEY = `ct.app_label || ':' || ct.model || ':' || p.codename`;

/** A user's flags in one number, as the rows carry them. */
const STAFF = 1;
const SUPERUSER = 2;
const ACTIVE = 4;
const USABLE_PASSWORD = 8;

/** Users (and their link rows, three times as many) per row of the result, when more are read. */
const USERS_PER_ROW = 10_000;

/**
 * One statement of set-based parts (no subquery per row), each part a row (or, when more users are
 * read, rows of at most USERS_PER_ROW users): the catalogue of the apps in scope with grant
 * counts, the groups in scope with their permissions and member counts, the names of every group
 * and permission the ids point at, the active superusers, then the users in scope and their groups
 * and direct permissions as pairs of ids. Each part comes as JSON arrays of columns, not an object
 * per row: at 100,000 users the server builds it in a fifth of the time and the client parses a
 * third of the text. The server sends a part once it is made, so that the client takes the users
 * apart while the server still makes their link rows, and no row holds megabytes. A part of the
 * scope that is "all" reads its tables without joins or filters. The password is never read, only
 * whether it is usable. Users are named by the model's login column (USERNAME_FIELD); a flag the
 * model lacks reads as Django's value for it.
 */
function readStateQuery(model: UserModel, scope: StateScope): { text: string; values: unknown[] } {
  const U = userSql(model);
  const values: unknown[] = [];
  const param = (value: string[]) => `$${values.push(value)}::text[]`;
  const bit = (flag: 'is_staff' | 'is_superuser' | 'is_active', value: number) => `CASE WHEN ${U.flag('u', flag)} THEN ${value} ELSE 0 END`;
  const userFilter = scope.allUsers ? '' : `WHERE u.${U.login} = ANY(${param(scope.usernames)})`;
  const groupFilter = scope.allGroups ? '' : `WHERE name = ANY(${param(scope.groupNames)})`;
  const appFilter = scope.allApps ? '' : `WHERE ct.app_label = ANY(${param(scope.appLabels)})`;
  // The users' link rows: the whole table, read where it is used, when every user is in scope; else
  // those of the users in scope, read once (a CTE used twice is materialized). No MATERIALIZED
  // keywords: PostgreSQL before 12 does not know them.
  const link = (table: string, user: string, other: string, as: string) => `SELECT l.${user} AS user_id, l.${other} AS ${as} FROM ${table} l`;
  const userGroups = link(U.groups.table, U.groups.user, U.groups.group, 'group_id');
  const userPermissions = link(U.permissions.table, U.permissions.user, U.permissions.permission, 'permission_id');
  const sug = scope.allUsers ? `(${userGroups}) sug` : 'sug';
  const sup = scope.allUsers ? `(${userPermissions}) sup` : 'sup';
  const scopedLinks = scope.allUsers
    ? ''
    : `sug AS (${userGroups} JOIN su ON su.id = l.${U.groups.user}),
     sup AS (${userPermissions} JOIN su ON su.id = l.${U.permissions.user}),`;
  // Members are counted from the link rows read anyway when every user is in scope.
  const members = scope.allUsers
    ? `SELECT group_id, count(*) AS n FROM ${sug} GROUP BY 1`
    : `SELECT ug.${U.groups.group} AS group_id, count(*) AS n FROM ${U.groups.table} ug JOIN sg ON sg.id = ug.${U.groups.group} GROUP BY 1`;
  /** A part as rows of at most `per` rows of its source when many users are read; else as one row. */
  const batched = scope.allUsers || scope.usernames.length > USERS_PER_ROW;
  const rows = (part: Part, columns: string, source: string, per: number) =>
    batched
      ? `(SELECT '${part}', json_build_array(${columns}) FROM (SELECT *, (row_number() OVER ()) / ${per} AS batch FROM ${source}) s GROUP BY batch)`
      : `SELECT '${part}', (SELECT json_build_array(${columns}) FROM ${source})`;
  const text = `
WITH su AS (SELECT u.${U.pk} AS id, u.${U.login} AS username, ${U.email('u')} AS email,
                   ${bit('is_staff', STAFF)} + ${bit('is_superuser', SUPERUSER)} + ${bit('is_active', ACTIVE)}
                   + CASE WHEN left(u.password, 1) <> '!' THEN ${USABLE_PASSWORD} ELSE 0 END AS flags
              FROM ${U.table} u ${userFilter}),
     ${scopedLinks}
     sg AS (SELECT id, name FROM auth_group ${groupFilter}),
     sgm AS (${members}),
     sgp AS (SELECT gp.group_id, gp.permission_id FROM auth_group_permissions gp ${scope.allGroups ? '' : 'JOIN sg ON sg.id = gp.group_id'}),
     cat AS (SELECT ct.app_label, ct.model, p.id, p.codename, p.name FROM django_content_type ct
               LEFT JOIN auth_permission p ON p.content_type_id = ct.id ${appFilter}),
     catg AS (SELECT gp.permission_id, count(*) AS n FROM auth_group_permissions gp JOIN cat ON cat.id = gp.permission_id GROUP BY 1),
     catu AS (SELECT up.${U.permissions.permission} AS permission_id, count(*) AS n FROM ${U.permissions.table} up
                JOIN cat ON cat.id = up.${U.permissions.permission} GROUP BY 1)
SELECT 'catalogue' AS part,
  (SELECT json_build_array(json_agg(cat.id), json_agg(cat.app_label), json_agg(cat.model), json_agg(cat.codename), json_agg(cat.name),
                           json_agg(coalesce(catg.n, 0)), json_agg(coalesce(catu.n, 0)))
     FROM cat LEFT JOIN catg ON catg.permission_id = cat.id LEFT JOIN catu ON catu.permission_id = cat.id) AS data
${
  scope.allApps
    ? ''
    : `UNION ALL SELECT 'other_permissions', (SELECT json_build_array(json_agg(p.id), json_agg(${KEY})) FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
          WHERE NOT EXISTS (SELECT 1 FROM cat WHERE cat.id = p.id) AND p.id IN (SELECT permission_id FROM ${sup} UNION SELECT permission_id FROM sgp))`
}
UNION ALL SELECT 'groups', (SELECT json_build_array(json_agg(sg.id), json_agg(sg.name), json_agg(coalesce(sgm.n, 0))) FROM sg LEFT JOIN sgm ON sgm.group_id = sg.id)
${
  scope.allGroups
    ? ''
    : `UNION ALL SELECT 'other_groups', (SELECT json_build_array(json_agg(g.id), json_agg(g.name)) FROM auth_group g
          WHERE NOT EXISTS (SELECT 1 FROM sg WHERE sg.id = g.id) AND EXISTS (SELECT 1 FROM ${sug} WHERE sug.group_id = g.id))`
}
UNION ALL SELECT 'group_permissions', (SELECT json_build_array(json_agg(group_id), json_agg(permission_id)) FROM sgp)
UNION ALL SELECT 'superusers', (SELECT coalesce(json_agg(u.${U.login}), '[]') FROM ${U.table} u WHERE ${U.flag('u', 'is_superuser')} AND ${U.flag('u', 'is_active')})
UNION ALL ${rows('users', 'json_agg(id), json_agg(username), json_agg(email), json_agg(flags)', 'su', USERS_PER_ROW)}
UNION ALL ${rows('user_groups', 'json_agg(user_id), json_agg(group_id)', sug, 3 * USERS_PER_ROW)}
UNION ALL ${rows('user_permissions', 'json_agg(user_id), json_agg(permission_id)', sup, 3 * USERS_PER_ROW)}`;
  return { text, values };
}

/** Columns as json_agg gives them: null for no rows. Counts may come as text (bigint). */
type Columns<T extends unknown[]> = { [K in keyof T]: T[K][] | null };
interface Parts {
  catalogue: Columns<[number | null, string, string, string | null, string | null, number | string, number | string]>;
  other_permissions: Columns<[number, string]> | null;
  groups: Columns<[number, string, number | string]>;
  other_groups: Columns<[number, string]> | null;
  group_permissions: Columns<[number, number]>;
  superusers: string[];
  users: Columns<[number, string, string, number]>;
  user_groups: Columns<[number, number]>;
  user_permissions: Columns<[number, number]>;
}
type Part = keyof Parts;
type PartRow = { [P in Part]: { part: P; data: Parts[P] | null } }[Part];

const NONE: never[] = [];
/** The groups or permissions of a user or group without any: one set for all of them (most users have no direct permission). */
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Reads the part of the database a scope names, in one round trip, taking each row apart as it
 * arrives. A link row whose user, group or permission has not arrived yet (the server sends the
 * parts in the statement's order, but nothing in SQL promises it) waits for the end.
 */
export async function readCurrentState(sql: SqlClient, model: UserModel, scope: StateScope): Promise<CurrentState> {
  const query = readStateQuery(model, scope);
  const permissionKey = new Map<number, string>();
  const catalogue: CatalogueEntry[] = [];
  const groupName = new Map<number, string>();
  const groups = new Map<string, CurrentGroup>();
  const groupById = new Map<number, CurrentGroup>();
  const users = new Map<string, CurrentUser>();
  const userById = new Map<number, CurrentUser>();
  let activeSuperusers: string[] | undefined;
  const waiting: (() => boolean)[] = [];
  /** Links each pair whose both ends are known; the rest waits, from the first that is not. */
  const link = <A, B>(columns: Columns<[A, B]> | null, add: (a: A, b: B) => boolean) => {
    const [first, second] = columns ?? [];
    if (!first) return;
    let from = 0;
    const rest = () => {
      for (; from < first.length; from++) if (!add(first[from]!, second![from]!)) return false;
      return true;
    };
    if (!rest()) waiting.push(rest);
  };
  const onRow = (row: PartRow) => {
    switch (row.part) {
      case 'catalogue': {
        const [catIds, appLabels, models, codenames, names, grantGroups, grantUsers] = row.data ?? [];
        (appLabels ?? NONE).forEach((appLabel, i) => {
          const id = catIds![i];
          const codename = codenames![i] ?? undefined;
          if (id !== null && id !== undefined && codename !== undefined) permissionKey.set(id, `${appLabel}:${models![i]}:${codename}`);
          catalogue.push({ appLabel, model: models![i]!, codename, name: names![i] ?? undefined, groups: Number(grantGroups![i]), users: Number(grantUsers![i]) });
        });
        return;
      }
      case 'other_permissions':
        return link(row.data, (id, key) => (permissionKey.set(id, key), true));
      case 'groups': {
        const [groupIds, groupNames, members] = row.data ?? [];
        (groupIds ?? NONE).forEach((id, i) => {
          const group: CurrentGroup = { id, name: groupNames![i]!, members: Number(members![i]), permissions: NO_NAMES };
          groupName.set(id, group.name);
          groupById.set(id, group);
          groups.set(group.name, group);
        });
        return;
      }
      case 'other_groups':
        return link(row.data, (id, name) => (groupName.set(id, name), true));
      case 'group_permissions':
        return link(row.data, (groupId, permissionId) => addedName(groupById.get(groupId), 'permissions', permissionKey.get(permissionId)));
      case 'superusers':
        activeSuperusers = row.data ?? [];
        return;
      case 'users': {
        const [userIds, usernames, emails, flags] = row.data ?? [];
        (userIds ?? NONE).forEach((id, i) => {
          const bits = flags![i]!;
          const user: CurrentUser = {
            id,
            username: usernames![i]!,
            email: emails![i]!,
            isStaff: (bits & STAFF) !== 0,
            isSuperuser: (bits & SUPERUSER) !== 0,
            isActive: (bits & ACTIVE) !== 0,
            usablePassword: (bits & USABLE_PASSWORD) !== 0,
            groups: NO_NAMES,
            permissions: NO_NAMES,
          };
          userById.set(id, user);
          users.set(user.username, user);
        });
        return;
      }
      case 'user_groups':
        return link(row.data, (userId, groupId) => addedName(userById.get(userId), 'groups', groupName.get(groupId)));
      case 'user_permissions':
        return link(row.data, (userId, permissionId) => addedName(userById.get(userId), 'permissions', permissionKey.get(permissionId)));
    }
  };
  await sql.queryEach<PartRow>(query.text, query.values, onRow);
  for (const rest of waiting) if (!rest()) throw new Error('reading the current state: a link row names a user, group or permission that was not read');
  if (!activeSuperusers) throw new Error('reading the current state returned no superusers part');
  return { users, groups, catalogue, activeSuperusers, userModel: model };
}

/** Adds a name to a user's or group's set when both are known; the first replaces the shared empty set with one of its own. */
function addedName<F extends string>(owner: Record<F, ReadonlySet<string>> | undefined, field: F, value: string | undefined): boolean {
  if (!owner || value === undefined) return false;
  const names = owner[field];
  if (names === NO_NAMES) owner[field] = new Set([value]);
  else (names as Set<string>).add(value);
  return true;
}
