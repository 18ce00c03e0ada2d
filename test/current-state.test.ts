import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
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
});
