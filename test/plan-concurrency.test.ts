import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { applyDesiredState, planChanges } from '../src/domain/plan/engine.js';
import type { DesiredState } from '../src/domain/plan/desired-state.js';
import { parsePermissionRefs } from '../src/domain/permission-ref.js';
import { SERVER_DJANGO_TARGET } from './support/each-target.js';
import { testJournal } from './support/journal.js';
import { pgServer, run, sql, type Target } from './support/targets.js';

const desired = (): DesiredState => ({
  permissions: [],
  users: [],
  groups: [{ name: 'editors', present: true, permissions: { exact: parsePermissionRefs(['myapp:Thing:add_thing', 'myapp:Thing:change_thing']) } }],
});

const open = (t: Target) => Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });

describe.skipIf(!pgServer())('the plan applied is computed against the state being written (server, two connections)', () => {
  it('a change by another connection between plan and apply makes a stale plan, and nothing is written', async () => {
    const t = await SERVER_DJANGO_TARGET.make();
    const db = await open(t);
    try {
      const shown = await planChanges(db.access, desired());
      expect(shown.changes).toHaveLength(3);
      // Another operator creates the group with one of the permissions meanwhile.
      await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', '--yes']);
      const outcome = await applyDesiredState(db.recordedAccess(testJournal()), desired(), shown, { onStale: 'abort' });
      expect(outcome.status).toBe('stale');
      expect(outcome.plan.changes).toEqual([{ type: 'group_permission', action: 'add', group: 'editors', permission: 'myapp:thing:change_thing' }]);
      expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group_permissions')).toEqual([{ n: 1 }]);
      const applied = await applyDesiredState(db.recordedAccess(testJournal()), desired(), shown, { onStale: 'apply' });
      expect(applied).toMatchObject({ status: 'applied', replanned: true });
      expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group_permissions')).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('a failure inside the transaction leaves nothing half-applied', async () => {
    const t = await SERVER_DJANGO_TARGET.make();
    const db = await open(t);
    try {
      const plan = await planChanges(db.access, desired());
      // A trigger that fails the last statement the plan needs.
      await sql(t, `CREATE FUNCTION fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by trigger'; END $$ LANGUAGE plpgsql`);
      await sql(t, `CREATE TRIGGER no_links BEFORE INSERT ON auth_group_permissions FOR EACH ROW EXECUTE FUNCTION fail()`);
      await expect(applyDesiredState(db.recordedAccess(testJournal()), desired(), plan, { onStale: 'abort' })).rejects.toThrow('refused by trigger');
      expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group')).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });
});
