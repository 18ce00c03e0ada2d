import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { readCurrentState } from '../src/db/queries/current-state.js';
import type { SqlClient } from '../src/db/sql.js';
import type { CurrentState, StateScope } from '../src/domain/plan/current-state.js';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { tempFolder } from './support/temp-folders.js';
import { one, run, sql, type Target } from './support/targets.js';

// The plan reads only what a desired state names; the names its rows point at (a user's group or
// permission outside that scope) and the counts (a group's members, a permission's grants) are
// still those of the whole database.

const POLICY = `
groups:
  editors: [myapp:thing:add_thing, auth:user:view_user]
  outsiders: [auth:group:view_group]
users:
  alice: {email: alice@example.com, staff: true, groups: [editors, outsiders], permissions: [myapp:thing:change_thing, auth:user:add_user]}
  bob: {email: bob@example.com, groups: [editors], password: {unusable: true}}
  root: {email: root@example.com, superuser: true}
`;

const EVERYTHING: StateScope = { usernames: [], groupNames: [], appLabels: [], allUsers: true, allGroups: true, allApps: true };
const NARROW: StateScope = { usernames: ['alice', 'bob'], groupNames: ['editors'], appLabels: ['myapp'] };

/** The client, with the rows of queryEach from elsewhere. */
function rowsFrom(client: SqlClient, queryEach: (text: string, params: unknown[], onRow: (row: unknown) => void) => Promise<void>): SqlClient {
  return {
    query: (text, params) => client.query(text, params),
    execute: (text, params) => client.execute(text, params),
    transaction: (fn) => client.transaction(fn),
    queryEach: <T>(text: string, params: unknown[], onRow: (row: T) => void) => queryEach(text, params, onRow as (row: unknown) => void),
  };
}

/** The state, and how many rows of the result each part came in. */
async function readCounted(t: Target, scope: StateScope): Promise<{ state: CurrentState; parts: Record<string, number> }> {
  const parts: Record<string, number> = {};
  const db = await Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });
  try {
    const counting = rowsFrom(db.sql, (text, params, onRow) =>
      db.sql.queryEach<{ part: string }>(text, params, (row) => ((parts[row.part] = (parts[row.part] ?? 0) + 1), onRow(row))),
    );
    return { state: await readCurrentState(counting, await db.userModel(), scope), parts };
  } finally {
    await db.close();
  }
}

async function readState(t: Target, scope: StateScope): Promise<CurrentState> {
  const db = await Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });
  try {
    return await db.access.readState(scope);
  } finally {
    await db.close();
  }
}

describeEachTarget('reading the current state', DJANGO_TARGETS, (make) => {
  let t: Target;
  beforeEach(async () => {
    t = await make();
    const file = path.join(tempFolder('accessctl-state-'), 'policy.yaml');
    writeFileSync(file, POLICY);
    expect((await run(t, ['apply', '-f', file, '--yes'])).code).toBe(0);
  });

  it('reads a narrow scope with the names and counts of the whole database', async () => {
    const state = await readState(t, NARROW);
    expect([...state.users.keys()].sort()).toEqual(['alice', 'bob']);
    const alice = state.users.get('alice')!;
    expect(alice).toMatchObject({ username: 'alice', email: 'alice@example.com', isStaff: true, isSuperuser: false, isActive: true, usablePassword: true });
    expect([...alice.groups].sort()).toEqual(['editors', 'outsiders']);
    expect([...alice.permissions].sort()).toEqual(['auth:user:add_user', 'myapp:thing:change_thing']);
    expect(state.users.get('bob')).toMatchObject({ isStaff: false, usablePassword: false });
    expect([...state.groups.keys()]).toEqual(['editors']);
    expect(state.groups.get('editors')).toMatchObject({ members: 2 });
    expect([...state.groups.get('editors')!.permissions].sort()).toEqual(['auth:user:view_user', 'myapp:thing:add_thing']);
    expect(new Set(state.catalogue.map((entry) => entry.appLabel))).toEqual(new Set(['myapp']));
    const grants = (s: CurrentState, codename: string) => s.catalogue.find((entry) => entry.codename === codename);
    expect(grants(state, 'add_thing')).toMatchObject({ appLabel: 'myapp', model: 'thing', groups: 1, users: 0 });
    expect(grants(state, 'change_thing')).toMatchObject({ groups: 0, users: 1 });
    expect(state.activeSuperusers).toEqual(['root']);
  });

  it('reads the same rows whether the scope names them or takes everything', async () => {
    const [narrow, all] = [await readState(t, NARROW), await readState(t, EVERYTHING)];
    expect([...all.users.keys()].sort()).toEqual(['alice', 'bob', 'root']);
    expect([...all.groups.keys()].sort()).toEqual(['editors', 'outsiders']);
    // Users without groups or direct permissions share one empty set: another's never lands in it.
    expect([...all.users.get('bob')!.groups]).toEqual(['editors']);
    expect([...all.users.get('bob')!.permissions, ...all.users.get('root')!.groups, ...all.users.get('root')!.permissions]).toEqual([]);
    expect(all.users.get('root')!.groups).toBe(all.users.get('bob')!.permissions);
    for (const [name, user] of narrow.users) expect(all.users.get(name)).toEqual(user);
    expect(all.groups.get('editors')).toEqual(narrow.groups.get('editors'));
    expect(all.groups.get('outsiders')).toMatchObject({ members: 1, permissions: new Set(['auth:group:view_group']) });
    const key = (entry: CurrentState['catalogue'][number]) => `${entry.appLabel}:${entry.model}:${entry.codename ?? ''}`;
    const everywhere = new Map(all.catalogue.map((entry) => [key(entry), entry]));
    for (const entry of narrow.catalogue) expect(everywhere.get(key(entry))).toEqual(entry);
    const { n } = one(await sql<{ n: number }>(t, `SELECT count(*)::int AS n FROM auth_permission`));
    expect(all.catalogue.filter((entry) => entry.codename).length).toBe(n);
  });

  it('reads an empty scope as nothing, and an empty database as empty', async () => {
    const none = await readState(t, { usernames: [], groupNames: [], appLabels: [] });
    expect(none.users.size + none.groups.size + none.catalogue.length).toBe(0);
    expect(none.activeSuperusers).toEqual(['root']);
    await sql(t, `DELETE FROM auth_user_groups; DELETE FROM auth_user_user_permissions; DELETE FROM auth_group_permissions; DELETE FROM auth_group`);
    const all = await readState(t, EVERYTHING);
    expect(all.groups.size).toBe(0);
    expect([...all.users.values()].every((user) => user.groups.size === 0 && user.permissions.size === 0)).toBe(true);
  });

  it('reads more users than one row of the result holds, with their groups and permissions', async () => {
    // 25,000 more users: three rows of users, and their link rows in rows of their own.
    await sql(
      t,
      `INSERT INTO auth_user (username, email, password, is_staff, is_superuser, is_active, first_name, last_name, date_joined)
       SELECT 'bulk' || i, 'bulk' || i || '@example.com', CASE WHEN i % 3 = 0 THEN '!' ELSE 'x' END, i % 5 = 0, false, i % 7 <> 0, '', '', now()
       FROM generate_series(1, 25000) i`,
    );
    await sql(
      t,
      `INSERT INTO auth_user_groups (user_id, group_id)
       SELECT u.id, g.id FROM auth_user u JOIN auth_group g ON g.name = 'editors' OR (g.name = 'outsiders' AND substr(u.username, 5)::int % 2 = 0)
       WHERE u.username LIKE 'bulk%'`,
    );
    await sql(
      t,
      `INSERT INTO auth_user_user_permissions (user_id, permission_id)
       SELECT u.id, p.id FROM auth_user u, auth_permission p WHERE u.username LIKE 'bulk%' AND substr(u.username, 5)::int % 10 = 0 AND p.codename = 'change_thing'`,
    );
    // Users come in rows of 10,000, their link rows in rows of 30,000.
    const { state: all, parts } = await readCounted(t, EVERYTHING);
    expect(parts).toEqual({ catalogue: 1, groups: 1, group_permissions: 1, superusers: 1, users: 3, user_groups: 2, user_permissions: 1 });
    expect(all.users.size).toBe(25003);
    const links = (field: 'groups' | 'permissions') => [...all.users.values()].reduce((n, user) => n + user[field].size, 0);
    const counted = one(
      await sql<{ g: number; p: number }>(t, `SELECT (SELECT count(*) FROM auth_user_groups)::int AS g, (SELECT count(*) FROM auth_user_user_permissions)::int AS p`),
    );
    expect(links('groups')).toBe(counted.g);
    expect(links('permissions')).toBe(counted.p);
    expect(all.users.get('bulk12')).toMatchObject({ email: 'bulk12@example.com', isStaff: false, isActive: true, usablePassword: false });
    expect([...all.users.get('bulk12')!.groups].sort()).toEqual(['editors', 'outsiders']);
    expect([...all.users.get('bulk24999')!.groups]).toEqual(['editors']);
    expect([...all.users.get('bulk25000')!.permissions]).toEqual(['myapp:thing:change_thing']);
    expect(all.users.get('bulk14')).toMatchObject({ isActive: false, usablePassword: true });
    expect(all.groups.get('editors')).toMatchObject({ members: 25002 });
    expect(all.users.get('alice')).toEqual((await readState(t, NARROW)).users.get('alice'));
    // A scope naming more users than one row holds is read in rows too.
    const named = Array.from({ length: 12_000 }, (_, i) => `bulk${2 * i + 1}`);
    const { state: some, parts: someParts } = await readCounted(t, { usernames: named, groupNames: [], appLabels: [] });
    expect(someParts).toMatchObject({ users: 2, user_groups: 1 });
    expect(some.users.size).toBe(12_000);
    for (const name of named) expect(some.users.get(name)).toEqual(all.users.get(name));
  });

  it('reads the same state whatever order the rows of the result arrive in', async () => {
    const db = await Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });
    try {
      const model = await db.userModel();
      for (const scope of [EVERYTHING, NARROW]) {
        const rows: unknown[] = [];
        const recording = rowsFrom(db.sql, (text, params, onRow) => db.sql.queryEach(text, params, (row) => (rows.push(row), onRow(row))));
        const inOrder = await readCurrentState(recording, model, scope);
        // Every order of a few, and the reverse: a link row may come before the user, group or permission it names.
        const orders = [
          [...rows].reverse(),
          ...[1, 2, 3].map((seed) =>
            rows
              .map((row, i) => ({ row, key: (i * 7919 * seed) % 101 }))
              .sort((a, b) => a.key - b.key)
              .map((x) => x.row),
          ),
        ];
        for (const order of orders) {
          const replay = rowsFrom(db.sql, async (_text, _params, onRow) => order.forEach(onRow));
          expect(await readCurrentState(replay, model, scope)).toEqual(inOrder);
        }
      }
    } finally {
      await db.close();
    }
  });
});
