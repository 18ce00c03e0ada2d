import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { groupKey, type GroupRow, type GroupSort } from '../src/domain/read-models.js';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { run, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

// The groups list's filters and sorts, and its keyset pages, against the database (embedded and server).
describeEachTarget('the groups list: filters, sorts, and pages that join up', DJANGO_TARGETS, (make) => {
  let t: Target;
  let db: Database;

  beforeAll(async () => {
    t = await make();
    const users = ['u01', 'u02', 'u03', 'u04', 'u05'];
    // team01…team12: team k has (k mod 4) members and (k mod 3) permissions, so that counts tie.
    const codenames = ['add_thing', 'change_thing', 'view_thing'];
    const file = {
      groups: Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [`team${String(i + 1).padStart(2, '0')}`, codenames.slice(0, (i + 1) % 3).map((c) => `myapp:thing:${c}`)]),
      ),
      users: Object.fromEntries(
        users.map((u, n) => [
          u,
          { email: `${u}@example.com`, groups: Array.from({ length: 12 }, (_, i) => i + 1).flatMap((k) => (n < k % 4 ? [`team${String(k).padStart(2, '0')}`] : [])) },
        ]),
      ),
    };
    const folder = tempFolder('accessctl-groups-');
    try {
      writeFileSync(path.join(folder, 'access.json'), JSON.stringify(file));
      expect((await run(t, ['apply', '-f', path.join(folder, 'access.json'), '--yes'])).code).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    db = await Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });
  });
  afterAll(() => db?.close());

  const all = async (sort: GroupSort) => db.browse.groupsPage({ limit: 1000, sort });

  it('sorts by name, and by members or permissions most first (ties by name)', async () => {
    const byName = await all('name');
    expect(byName.map((g) => g.name)).toEqual([...byName.map((g) => g.name)].sort());
    for (const sort of ['members', 'permissions'] as const) {
      const rows = await all(sort);
      const expected = [...rows].sort((a, b) => b[sort] - a[sort] || (a.name < b.name ? -1 : 1));
      expect(rows).toEqual(expected);
      expect(rows.find((g) => g.name === 'team03')).toMatchObject({ members: 3, permissions: 0 });
    }
  });

  it.each(['name', 'members', 'permissions'] as const)('sorted by %s, pages of 5 forward, backward and from the end join up into the whole list', async (sort) => {
    const whole = await all(sort);
    const forward: GroupRow[] = [];
    for (
      let page = await db.browse.groupsPage({ limit: 5, sort });
      page.length;
      page = await db.browse.groupsPage({ limit: 5, sort, after: groupKey(page.at(-1)!, sort) })
    ) {
      forward.push(...page);
    }
    expect(forward).toEqual(whole);
    const backward: GroupRow[] = [];
    for (
      let page = await db.browse.groupsPage({ limit: 5, sort, last: true });
      page.length;
      page = await db.browse.groupsPage({ limit: 5, sort, before: groupKey(page[0]!, sort) })
    ) {
      backward.unshift(...page);
    }
    expect(backward).toEqual(whole);
  });

  it('filters: empty, !empty, has a permission, a member; combined with the text filter, and counted alike', async () => {
    const names = async (where: Parameters<typeof db.browse.countGroups>[1], filter?: string) => {
      const rows = (await db.browse.groupsPage({ limit: 100, where, filter })).map((g) => g.name).filter((n) => n.startsWith('team'));
      return rows;
    };
    expect(await names({ empty: true }, 'team')).toEqual(['team04', 'team08', 'team12']);
    expect(await names({ empty: false }, 'team')).toHaveLength(9);
    expect(await names({ has: 'myapp:thing:change_thing' })).toEqual(['team02', 'team05', 'team08', 'team11']);
    expect(await names({ member: 'u03' })).toEqual(['team03', 'team07', 'team11']);
    expect(await names({ member: 'u03', has: 'myapp:thing:change_thing' }, '1')).toEqual(['team11']);
    expect(await db.browse.countGroups('team', { empty: true })).toBe(3);
    expect(await db.browse.countGroups(undefined, { member: 'nobody' })).toBe(0);
  });
});
