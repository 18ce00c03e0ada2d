import { afterAll, beforeAll, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import type { Window, WindowRequest } from '../src/domain/read-models.js';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { run, type Target } from './support/targets.js';

// The pickers' reads: windows of the matches of a filter, how many match, the one the filter names first.
describeEachTarget('picker windows: a window of the matches, the count, the exact match first', DJANGO_TARGETS, (make) => {
  let t: Target;
  let db: Database;

  beforeAll(async () => {
    t = await make();
    for (const group of ['chief-editors', 'editors', 'senior-editors', 'viewers']) expect((await run(t, ['manage_group', group, '--yes'])).code).toBe(0);
    for (const user of ['abo', 'bo', 'bob']) expect((await run(t, ['manage_user', user, `${user}@example.com`, '--yes'])).code).toBe(0);
    // Its name contains the other's dotted notation, and its key sorts first: only the exact-first order puts myapp.add_thing first.
    expect((await run(t, ['manage_permission', 'auth:user:see_docs', '--name', 'Like myapp.add_thing', '--yes'])).code).toBe(0);
    db = await Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });
  });
  afterAll(() => db?.close());

  /** Every window of `size` from the start, joined: the whole list, with the total each one said. */
  async function windows<T>(read: (request: WindowRequest) => Promise<Window<T>>, filter: string | undefined, size: number) {
    const rows: T[] = [];
    const totals = new Set<number>();
    for (let offset = 0; ; offset += size) {
      const window = await read({ filter, offset, limit: size });
      totals.add(window.total);
      rows.push(...window.rows);
      if (window.rows.length < size) break;
    }
    return { rows, totals: [...totals] };
  }

  it('permissions: windows join up into the catalogue, in order, each counting all the matches', async () => {
    for (const filter of [undefined, 'thing', 'user']) {
      const whole = await db.browse.permissions(filter);
      expect(whole.length).toBeGreaterThan(3);
      const { rows, totals } = await windows((r) => db.browse.permissionsWindow(r), filter, 3);
      expect(rows).toEqual(whole);
      expect(totals).toEqual([whole.length]);
    }
    expect(await db.browse.permissionsWindow({ filter: 'no such thing', offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
  });

  it('permissions: the one a filter names, in either notation, comes first; the others follow in order', async () => {
    const others = await db.browse.permissions('myapp.add_thing');
    expect(others.map((p) => p.key)).toEqual(['auth:user:see_docs', 'myapp:thing:add_thing']);
    for (const filter of ['myapp.add_thing', 'myapp:Thing:add_thing']) {
      const window = await db.browse.permissionsWindow({ filter, offset: 0, limit: 10 });
      expect(window.rows.map((p) => p.key)).toEqual(filter.includes('.') ? ['myapp:thing:add_thing', 'auth:user:see_docs'] : ['myapp:thing:add_thing']);
    }
  });

  it('groups: windows in name order, the exact name first; pending counts include all matches', async () => {
    const first = await db.browse.groupNamesWindow({ filter: 'editors', offset: 0, limit: 2 });
    expect(first).toEqual({ rows: ['editors', 'chief-editors'], total: 3 });
    expect(await db.browse.groupNamesWindow({ filter: 'editors', offset: 2, limit: 2 })).toEqual({ rows: ['senior-editors'], total: 3 });
    const { rows, totals } = await windows((r) => db.browse.groupNamesWindow(r), undefined, 2);
    expect(rows).toEqual([...rows].sort());
    expect(rows).toEqual(expect.arrayContaining(['chief-editors', 'editors', 'senior-editors', 'viewers']));
    expect(totals).toEqual([rows.length]);
  });

  it('users: windows by username (filter on username or email), the exact username first', async () => {
    expect(await db.browse.usersWindow({ filter: 'bo', offset: 0, limit: 10 })).toEqual({
      rows: [
        { username: 'bo', email: 'bo@example.com' },
        { username: 'abo', email: 'abo@example.com' },
        { username: 'bob', email: 'bob@example.com' },
      ],
      total: 3,
    });
    const { rows, totals } = await windows((r) => db.browse.usersWindow(r), undefined, 2);
    expect(rows.map((u) => u.username)).toEqual([...rows.map((u) => u.username)].sort());
    expect(totals).toEqual([await db.browse.countUsers()]);
  });

  it('content types: windows by APP_LABEL:MODEL, the one named first', async () => {
    const { rows, totals } = await windows((r) => db.browse.contentTypes(r), undefined, 2);
    const names = rows.map((ct) => `${ct.appLabel}:${ct.model}`);
    expect(names).toContain('myapp:thing');
    expect(totals).toEqual([rows.length]);
    const thing = await db.browse.contentTypes({ filter: 'myapp:Thing', offset: 0, limit: 10 });
    expect(thing.rows[0]).toEqual({ appLabel: 'myapp', model: 'thing' });
  });
});
