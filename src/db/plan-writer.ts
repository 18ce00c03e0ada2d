import { PlanMismatch } from './errors.js';
import { clearReferences } from './references.js';
import type { SqlClient } from './sql.js';
import { ident, userSql, type UserSql } from './user-sql.js';
import { randomPasswordHash, unusablePassword } from '../domain/passwords.js';
import { splitKey } from '../domain/permission-ref.js';
import type { Change, Plan } from '../domain/plan/changes.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import type { ProgressListener } from '../domain/ports.js';
import { hasColumn, type UserModel } from '../domain/user-model.js';

type Of<T extends Change['type'], A extends Change['action']> = Extract<Change, { type: T; action: A }>;

/** Splits permission keys into the three columns that find them through the unique indexes. */
function permissionColumns(keys: string[]): [string[], string[], string[]] {
  const parts = keys.map(splitKey);
  return [parts.map((p) => p[0]), parts.map((p) => p[1]), parts.map((p) => p[2])];
}

const PERMISSION_JOIN = `JOIN django_content_type ct ON ct.app_label = x.app_label AND ct.model = x.model
  JOIN auth_permission p ON p.content_type_id = ct.id AND p.codename = x.codename`;

/** How many statements writePlan runs at most: the denominator of its progress. */
const STEPS = 24;

/**
 * Writes a plan with one set-based statement per kind of change, never one per row. Every
 * statement must touch exactly the rows the plan names: anything else means the plan does not
 * fit the state, and the error rolls the whole transaction back.
 */
export async function writePlan(sql: SqlClient, model: UserModel, plan: Plan, desired: DesiredState, onProgress?: ProgressListener): Promise<void> {
  const U = userSql(model);
  let step = 0;
  const pick = <T extends Change['type'], A extends Change['action']>(type: T, action: A) =>
    plan.changes.filter((c): c is Of<T, A> => c.type === type && c.action === action);
  /** `expected` 'any' is for cascades whose row counts the plan does not carry. */
  const run = async (what: string, expected: number | 'any', text: string, params: unknown[]) => {
    onProgress?.(step++, STEPS, what);
    if (expected === 0) return;
    const affected = await sql.execute(text, params);
    if (expected !== 'any' && affected !== expected) throw new PlanMismatch(`${what}: expected to write ${expected} rows, wrote ${affected}; nothing was changed`);
  };

  const contentTypes = pick('content_type', 'create');
  await run('create content types', contentTypes.length, `INSERT INTO django_content_type (app_label, model) SELECT * FROM unnest($1::text[], $2::text[])`, [
    contentTypes.map((c) => c.appLabel),
    contentTypes.map((c) => c.model),
  ]);

  const newPermissions = pick('permission', 'create');
  await run(
    'create permissions',
    newPermissions.length,
    `INSERT INTO auth_permission (name, content_type_id, codename)
     SELECT x.name, ct.id, x.codename FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(app_label, model, codename, name)
       JOIN django_content_type ct ON ct.app_label = x.app_label AND ct.model = x.model`,
    [...permissionColumns(newPermissions.map((c) => c.permission)), newPermissions.map((c) => c.name)],
  );

  const renamed = pick('permission', 'update');
  await run(
    'rename permissions',
    renamed.length,
    `UPDATE auth_permission p SET name = x.name
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(app_label, model, codename, name), django_content_type ct
      WHERE ct.app_label = x.app_label AND ct.model = x.model AND p.content_type_id = ct.id AND p.codename = x.codename`,
    [...permissionColumns(renamed.map((c) => c.permission)), renamed.map((c) => c.to)],
  );

  const newGroups = pick('group', 'create');
  await run('create groups', newGroups.length, `INSERT INTO auth_group (name) SELECT unnest($1::text[])`, [newGroups.map((c) => c.group)]);

  const newUsers = pick('user', 'create');
  const initialHashes = new Map(desired.users.map((u) => [u.username, u.password && 'initialHash' in u.password ? u.password.initialHash : undefined]));
  const passwordFor = (c: Of<'user', 'create'>) =>
    c.password === 'unusable' ? unusablePassword() : c.password === 'given' ? initialHashes.get(c.username)! : randomPasswordHash();
  const insert = insertUsersSql(model);
  await run('create users', newUsers.length, insert.text, [
    newUsers.map((c) => c.username),
    newUsers.map((c) => c.email),
    newUsers.map(passwordFor),
    newUsers.map((c) => c.isStaff),
    newUsers.map((c) => c.isSuperuser),
    newUsers.map((c) => c.isActive),
    newUsers.map((c) => c.firstName ?? ''),
    newUsers.map((c) => c.lastName ?? ''),
    ...insert.params,
  ]);

  const updates = pick('user', 'update');
  for (const field of ['is_staff', 'is_superuser', 'is_active'] as const) {
    const rows = updates.filter((c) => c.field === field);
    await run(
      `update ${field}`,
      rows.length,
      `UPDATE ${U.table} u SET ${ident(field)} = x.value FROM unnest($1::text[], $2::bool[]) AS x(username, value) WHERE u.${U.login} = x.username`,
      [rows.map((c) => c.username), rows.map((c) => c.to)],
    );
  }
  const unusable = updates.filter((c) => c.field === 'password');
  await run(
    'make passwords unusable',
    unusable.length,
    `UPDATE ${U.table} u SET password = x.password FROM unnest($1::text[], $2::text[]) AS x(username, password) WHERE u.${U.login} = x.username`,
    [unusable.map((c) => c.username), unusable.map(() => unusablePassword())],
  );

  await writeLinks(run, pick, U);
  await removeEntities(sql, run, pick, U);
  // Last, so that every change above could name the group by its old name.
  const renames = pick('group', 'update');
  await run('rename groups', renames.length, `UPDATE auth_group g SET name = x.name FROM unnest($1::text[], $2::text[]) AS x(old, name) WHERE g.name = x.old`, [
    renames.map((c) => c.group),
    renames.map((c) => c.to),
  ]);
  onProgress?.(STEPS, STEPS, 'committing');
}

/**
 * The INSERT of new users into the model's table: only the columns it has (a model may lack
 * first_name or is_staff), a random UUID for a uuid column without a default, and the configured
 * values for the project's own required columns ($9 on), cast to each column's type.
 */
function insertUsersSql(model: UserModel): { text: string; params: unknown[] } {
  const values: [string, string][] = [
    ['password', 'x.password'],
    [model.login, 'x.username'],
  ];
  if (model.email && model.email !== model.login) values.push([model.email, 'x.email']);
  const known: [string, string][] = [
    ['is_superuser', 'x.is_superuser'],
    ['is_staff', 'x.is_staff'],
    ['is_active', 'x.is_active'],
    ['first_name', 'x.first_name'],
    ['last_name', 'x.last_name'],
    ['date_joined', 'now()'],
  ];
  for (const [column, value] of known)
    if (hasColumn(model, column) && !values.some(([c]) => c === column) && !(column in model.newUserValues)) values.push([column, value]);
  const params: unknown[] = [];
  for (const [column, value] of Object.entries(model.newUserValues)) {
    if (values.some(([c]) => c === column)) continue;
    params.push(value === null ? null : String(value));
    values.push([column, `$${8 + params.length}::text::${model.columns.get(column)!.type}`]);
  }
  for (const [column, info] of model.columns) {
    if (info.type === 'uuid' && info.notNull && !info.hasDefault && !values.some(([c]) => c === column)) values.push([column, 'gen_random_uuid()']);
  }
  return {
    text: `INSERT INTO ${ident(model.table)} (${values.map(([c]) => ident(c)).join(', ')})
     SELECT ${values.map(([, v]) => v).join(', ')}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::bool[], $6::bool[], $7::text[], $8::text[])
         AS x(username, email, password, is_staff, is_superuser, is_active, first_name, last_name)`,
    params,
  };
}

type Run = (what: string, expected: number | 'any', text: string, params: unknown[]) => Promise<void>;
type Pick = <T extends Change['type'], A extends Change['action']>(type: T, action: A) => Of<T, A>[];

async function writeLinks(run: Run, pick: Pick, U: UserSql): Promise<void> {
  for (const action of ['add', 'remove'] as const) {
    const groupPerms = pick('group_permission', action);
    const groupPermParams = [groupPerms.map((c) => c.group), ...permissionColumns(groupPerms.map((c) => c.permission))];
    const userGroups = pick('user_group', action);
    const userGroupParams = [userGroups.map((c) => c.username), userGroups.map((c) => c.group)];
    const userPerms = pick('user_permission', action);
    const userPermParams = [userPerms.map((c) => c.username), ...permissionColumns(userPerms.map((c) => c.permission))];
    if (action === 'add') {
      await run(
        'add group permissions',
        groupPerms.length,
        `INSERT INTO auth_group_permissions (group_id, permission_id)
         SELECT g.id, p.id FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(group_name, app_label, model, codename)
           JOIN auth_group g ON g.name = x.group_name ${PERMISSION_JOIN}
         ON CONFLICT DO NOTHING`,
        groupPermParams,
      );
      await run(
        'add group members',
        userGroups.length,
        `INSERT INTO ${U.groups.table} (${U.groups.user}, ${U.groups.group})
         SELECT u.${U.pk}, g.id FROM unnest($1::text[], $2::text[]) AS x(username, group_name)
           JOIN ${U.table} u ON u.${U.login} = x.username JOIN auth_group g ON g.name = x.group_name
         ON CONFLICT DO NOTHING`,
        userGroupParams,
      );
      await run(
        'add user permissions',
        userPerms.length,
        `INSERT INTO ${U.permissions.table} (${U.permissions.user}, ${U.permissions.permission})
         SELECT u.${U.pk}, p.id FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(username, app_label, model, codename)
           JOIN ${U.table} u ON u.${U.login} = x.username ${PERMISSION_JOIN}
         ON CONFLICT DO NOTHING`,
        userPermParams,
      );
    } else {
      await run(
        'remove group permissions',
        groupPerms.length,
        `DELETE FROM auth_group_permissions gp
          USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(group_name, app_label, model, codename),
                auth_group g, django_content_type ct, auth_permission p
          WHERE g.name = x.group_name AND gp.group_id = g.id AND ct.app_label = x.app_label AND ct.model = x.model
            AND p.content_type_id = ct.id AND p.codename = x.codename AND gp.permission_id = p.id`,
        groupPermParams,
      );
      await run(
        'remove group members',
        userGroups.length,
        `DELETE FROM ${U.groups.table} ug USING unnest($1::text[], $2::text[]) AS x(username, group_name), ${U.table} u, auth_group g
          WHERE u.${U.login} = x.username AND g.name = x.group_name AND ug.${U.groups.user} = u.${U.pk} AND ug.${U.groups.group} = g.id`,
        userGroupParams,
      );
      await run(
        'remove user permissions',
        userPerms.length,
        `DELETE FROM ${U.permissions.table} up
          USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(username, app_label, model, codename),
                ${U.table} u, django_content_type ct, auth_permission p
          WHERE u.${U.login} = x.username AND up.${U.permissions.user} = u.${U.pk} AND ct.app_label = x.app_label AND ct.model = x.model
            AND p.content_type_id = ct.id AND p.codename = x.codename AND up.${U.permissions.permission} = p.id`,
        userPermParams,
      );
    }
  }
}

/** Removes groups, users and permissions with every link to them (Django's on_delete=CASCADE). */
async function removeEntities(sql: SqlClient, run: Run, pick: Pick, U: UserSql): Promise<void> {
  const groups = pick('group', 'delete');
  const groupNames = [groups.map((c) => c.group)];
  const groupIds = `SELECT id FROM auth_group WHERE name = ANY($1::text[])`;
  // Cascades: the counts shown in the plan may already be reduced by link removals in the same plan.
  const groupCascade = groups.length ? 'any' : 0;
  await run('remove group permissions', groupCascade, `DELETE FROM auth_group_permissions WHERE group_id IN (${groupIds})`, groupNames);
  await run('remove group members', groupCascade, `DELETE FROM ${U.groups.table} WHERE ${U.groups.group} IN (${groupIds})`, groupNames);
  if (groups.length) await clearReferences(sql, 'group', 'auth_group', `name = ANY($1::text[])`, groupNames);
  await run('remove groups', groups.length, `DELETE FROM auth_group WHERE name = ANY($1::text[])`, groupNames);

  const users = pick('user', 'delete');
  const usernames = [users.map((c) => c.username)];
  const userIds = `SELECT ${U.pk} FROM ${U.table} WHERE ${U.login} = ANY($1::text[])`;
  const cascade = users.length ? 'any' : 0;
  await run('remove memberships', cascade, `DELETE FROM ${U.groups.table} WHERE ${U.groups.user} IN (${userIds})`, usernames);
  await run('remove user permissions', cascade, `DELETE FROM ${U.permissions.table} WHERE ${U.permissions.user} IN (${userIds})`, usernames);
  if (users.length) await clearReferences(sql, 'user', U.table, `${U.login} = ANY($1::text[])`, usernames);
  await run('remove users', users.length, `DELETE FROM ${U.table} WHERE ${U.login} = ANY($1::text[])`, usernames);

  const permissions = pick('permission', 'delete');
  const permParams = permissionColumns(permissions.map((c) => c.permission));
  const permIds = `SELECT p.id FROM unnest($1::text[], $2::text[], $3::text[]) AS x(app_label, model, codename) ${PERMISSION_JOIN}`;
  const permissionCascade = permissions.length ? 'any' : 0;
  await run('remove permission grants', permissionCascade, `DELETE FROM auth_group_permissions WHERE permission_id IN (${permIds})`, permParams);
  await run('remove permission grants', permissionCascade, `DELETE FROM ${U.permissions.table} WHERE ${U.permissions.permission} IN (${permIds})`, permParams);
  if (permissions.length) await clearReferences(sql, 'permission', 'auth_permission', `id IN (${permIds})`, permParams);
  await run('remove permissions', permissions.length, `DELETE FROM auth_permission WHERE id IN (${permIds})`, permParams);
}
