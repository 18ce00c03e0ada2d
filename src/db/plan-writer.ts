import { PlanMismatch } from './errors.js';
import type { SqlClient } from './sql.js';
import { randomPasswordHash, unusablePassword } from '../domain/passwords.js';
import type { Change, Plan } from '../domain/plan/changes.js';
import type { DesiredState } from '../domain/plan/desired-state.js';
import type { ProgressListener } from '../domain/ports.js';

type Of<T extends Change['type'], A extends Change['action']> = Extract<Change, { type: T; action: A }>;

/** Splits permission keys into the three columns that find them through the unique indexes. */
function permissionColumns(keys: string[]): [string[], string[], string[]] {
  const parts = keys.map((key) => key.split(':'));
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
export async function writePlan(sql: SqlClient, plan: Plan, desired: DesiredState, onProgress?: ProgressListener): Promise<void> {
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
  await run(
    'create users',
    newUsers.length,
    `INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
     SELECT x.password, NULL, x.is_superuser, x.username, '', '', x.email, x.is_staff, x.is_active, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::bool[], $6::bool[])
         AS x(username, email, password, is_staff, is_superuser, is_active)`,
    [
      newUsers.map((c) => c.username),
      newUsers.map((c) => c.email),
      newUsers.map(passwordFor),
      newUsers.map((c) => c.isStaff),
      newUsers.map((c) => c.isSuperuser),
      newUsers.map((c) => c.isActive),
    ],
  );

  const updates = pick('user', 'update');
  for (const field of ['is_staff', 'is_superuser', 'is_active'] as const) {
    const rows = updates.filter((c) => c.field === field);
    await run(`update ${field}`, rows.length, `UPDATE auth_user u SET ${field} = x.value FROM unnest($1::text[], $2::bool[]) AS x(username, value) WHERE u.username = x.username`, [
      rows.map((c) => c.username),
      rows.map((c) => c.to),
    ]);
  }
  const unusable = updates.filter((c) => c.field === 'password');
  await run(
    'make passwords unusable',
    unusable.length,
    `UPDATE auth_user u SET password = x.password FROM unnest($1::text[], $2::text[]) AS x(username, password) WHERE u.username = x.username`,
    [unusable.map((c) => c.username), unusable.map(() => unusablePassword())],
  );

  await writeLinks(run, pick);
  await removeEntities(run, pick);
  // Last, so that every change above could name the group by its old name.
  const renames = pick('group', 'update');
  await run('rename groups', renames.length, `UPDATE auth_group g SET name = x.name FROM unnest($1::text[], $2::text[]) AS x(old, name) WHERE g.name = x.old`, [
    renames.map((c) => c.group),
    renames.map((c) => c.to),
  ]);
  onProgress?.(STEPS, STEPS, 'committing');
}

type Run = (what: string, expected: number | 'any', text: string, params: unknown[]) => Promise<void>;
type Pick = <T extends Change['type'], A extends Change['action']>(type: T, action: A) => Of<T, A>[];

async function writeLinks(run: Run, pick: Pick): Promise<void> {
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
        `INSERT INTO auth_user_groups (user_id, group_id)
         SELECT u.id, g.id FROM unnest($1::text[], $2::text[]) AS x(username, group_name)
           JOIN auth_user u ON u.username = x.username JOIN auth_group g ON g.name = x.group_name
         ON CONFLICT DO NOTHING`,
        userGroupParams,
      );
      await run(
        'add user permissions',
        userPerms.length,
        `INSERT INTO auth_user_user_permissions (user_id, permission_id)
         SELECT u.id, p.id FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(username, app_label, model, codename)
           JOIN auth_user u ON u.username = x.username ${PERMISSION_JOIN}
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
        `DELETE FROM auth_user_groups ug USING unnest($1::text[], $2::text[]) AS x(username, group_name), auth_user u, auth_group g
          WHERE u.username = x.username AND g.name = x.group_name AND ug.user_id = u.id AND ug.group_id = g.id`,
        userGroupParams,
      );
      await run(
        'remove user permissions',
        userPerms.length,
        `DELETE FROM auth_user_user_permissions up
          USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(username, app_label, model, codename),
                auth_user u, django_content_type ct, auth_permission p
          WHERE u.username = x.username AND up.user_id = u.id AND ct.app_label = x.app_label AND ct.model = x.model
            AND p.content_type_id = ct.id AND p.codename = x.codename AND up.permission_id = p.id`,
        userPermParams,
      );
    }
  }
}

/** Removes groups, users and permissions with every link to them (Django's on_delete=CASCADE). */
async function removeEntities(run: Run, pick: Pick): Promise<void> {
  const groups = pick('group', 'delete');
  const groupNames = [groups.map((c) => c.group)];
  const groupIds = `SELECT id FROM auth_group WHERE name = ANY($1::text[])`;
  // Cascades: the counts shown in the plan may already be reduced by link removals in the same plan.
  const groupCascade = groups.length ? 'any' : 0;
  await run('remove group permissions', groupCascade, `DELETE FROM auth_group_permissions WHERE group_id IN (${groupIds})`, groupNames);
  await run('remove group members', groupCascade, `DELETE FROM auth_user_groups WHERE group_id IN (${groupIds})`, groupNames);
  await run('remove groups', groups.length, `DELETE FROM auth_group WHERE name = ANY($1::text[])`, groupNames);

  const users = pick('user', 'delete');
  const usernames = [users.map((c) => c.username)];
  const userIds = `SELECT id FROM auth_user WHERE username = ANY($1::text[])`;
  const cascade = users.length ? 'any' : 0;
  await run('remove memberships', cascade, `DELETE FROM auth_user_groups WHERE user_id IN (${userIds})`, usernames);
  await run('remove user permissions', cascade, `DELETE FROM auth_user_user_permissions WHERE user_id IN (${userIds})`, usernames);
  await run('remove users', users.length, `DELETE FROM auth_user WHERE username = ANY($1::text[])`, usernames);

  const permissions = pick('permission', 'delete');
  const permParams = permissionColumns(permissions.map((c) => c.permission));
  const permIds = `SELECT p.id FROM unnest($1::text[], $2::text[], $3::text[]) AS x(app_label, model, codename) ${PERMISSION_JOIN}`;
  const permissionCascade = permissions.length ? 'any' : 0;
  await run('remove permission grants', permissionCascade, `DELETE FROM auth_group_permissions WHERE permission_id IN (${permIds})`, permParams);
  await run('remove permission grants', permissionCascade, `DELETE FROM auth_user_user_permissions WHERE permission_id IN (${permIds})`, permParams);
  await run('remove permissions', permissions.length, `DELETE FROM auth_permission WHERE id IN (${permIds})`, permParams);
}
