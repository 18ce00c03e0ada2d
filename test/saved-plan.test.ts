import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { applyDesiredState, planWithState } from '../src/domain/plan/engine.js';
import { stateFingerprint } from '../src/domain/plan/fingerprint.js';
import { testJournal } from './support/journal.js';
import { dumpAuth, pgServer, run, serverTarget, sql, type Target, one } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const folder = () => tempFolder('accessctl-plan-');
const ACCESS =
  'groups:\n  editors: [myapp:Thing:add_thing, myapp:Thing:change_thing]\nusers:\n  groucho:\n    email: groucho@example.com\n    staff: true\n    groups: [editors]\n';

async function savedPlanOf(t: Target): Promise<{ dir: string; planFile: string }> {
  const dir = folder();
  writeFileSync(path.join(dir, 'access.yaml'), ACCESS);
  const planned = await run(t, ['apply', '-f', 'access.yaml', '--dry-run', '--plan-out', 'plan.json'], { cwd: dir });
  expect(planned.code).toBe(0);
  expect(planned.stderr).toContain('Saved the plan to plan.json; apply it with: accessctl apply --plan plan.json');
  return { dir, planFile: path.join(dir, 'plan.json') };
}

describe.skipIf(!pgServer())('saved plans: --plan-out, then apply --plan (server)', () => {
  it('writes the plan with its target, fingerprint, changes and command, and applies exactly it; a second apply is refused', async () => {
    const t = await serverTarget('django');
    const before = await dumpAuth(t);
    const { dir, planFile } = await savedPlanOf(t);
    expect(await dumpAuth(t)).toBe(before);
    expect(statSync(planFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(planFile, 'utf8');
    const saved = JSON.parse(text);
    const password = new URL(t.url!).password;
    expect(text).not.toContain(password);
    expect(saved).toMatchObject({
      format: 'accessctl-plan',
      version: 1,
      target: t.url!.replace(`:${password}@`, ':***@'),
      way_in: { kind: 'access-file', path: path.join(dir, 'access.yaml') },
      summary: { add: 5, change: 0, remove: 0 },
    });
    expect(saved.command).toMatch(/^accessctl apply -f access.yaml --dry-run --plan-out plan.json --database-url postgres:\/\/postgres:\*\*\*@/);
    expect(saved.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(saved.changes.map((c: { type: string; action: string }) => `${c.type} ${c.action}`)).toEqual([
      'group create',
      'group_permission add',
      'group_permission add',
      'user create',
      'user_group add',
    ]);
    expect(saved.changes[3]).toMatchObject({ username: 'groucho', password: 'random' });

    const applied = await run(t, ['apply', '--plan', 'plan.json', '--yes'], { cwd: dir });
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain('Apply complete: 5 added, 0 changed, 0 removed.');
    expect(await sql(t, `SELECT username, is_staff, left(password, 14) AS hash FROM auth_user`)).toEqual([
      { username: 'groucho', is_staff: true, hash: 'pbkdf2_sha256$' },
    ]);
    const record = one(await sql(t, 'SELECT * FROM accessctl_change_log ORDER BY id DESC LIMIT 1'));
    expect(record).toMatchObject({ way_in: 'saved-plan', source_path: planFile, source_sha256: createHash('sha256').update(text).digest('hex') });
    expect(record.changes.changes).toEqual(saved.changes);

    const after = await dumpAuth(t);
    const again = await run(t, ['apply', '--plan', 'plan.json', '--yes'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The database is already as this plan would leave it.');
    expect(again.stderr).toContain(`(change log record #${record.id})`);
    expect(again.stderr.trim().split('\n').at(-1)).toBe('Error: nothing was changed: a saved plan is applied only to the state it was made from. Make a new plan.');
    expect(await dumpAuth(t)).toBe(after);
  });

  it('refuses after a concurrent change and shows what moved; nothing is written', async () => {
    const t = await serverTarget('django');
    const { dir } = await savedPlanOf(t);
    // Another operator creates the group with one of the two permissions meanwhile.
    expect((await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', '--yes'])).code).toBe(0);
    const before = await dumpAuth(t);
    const records = await sql(t, 'SELECT id FROM accessctl_change_log');
    const refused = await run(t, ['apply', '--plan', 'plan.json', '--yes'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The database changed since the plan was made');
    expect(refused.stderr).toContain('In the saved plan, no longer needed or different now:\n  group editors\n  editors: myapp:thing:add_thing\n');
    expect(refused.stderr).not.toContain('Needed now');
    expect(refused.stderr).not.toContain('change log record');
    expect(await dumpAuth(t)).toBe(before);
    expect(await sql(t, 'SELECT id FROM accessctl_change_log')).toEqual(records);
  });

  it('refuses a state that moved between the check and the lock: the fingerprint is checked again in the transaction', async () => {
    const t = await serverTarget('django');
    const db = await Database.open({ kind: 'server', url: t.url! });
    try {
      const desired = { permissions: [], users: [], groups: [{ name: 'editors', present: true }] };
      await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
      const scoped = { ...desired, users: [{ username: 'groucho', email: 'groucho@example.com', present: true }] };
      const { plan, current } = await planWithState(db.access, scoped);
      await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '--yes']);
      // The same plan (create editors), but groucho's row moved: a saved plan does not apply.
      const outcome = await applyDesiredState(db.recordedAccess(testJournal()), scoped, plan, { onStale: 'apply', fingerprint: stateFingerprint(current) });
      expect(outcome.status).toBe('stale');
      expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('never writes a secret: a plan creating a user with a given hash is not saved; a plan for another database is refused', async () => {
    const t = await serverTarget('django');
    const dir = folder();
    const hash = 'pbkdf2_sha256$260000$saltsaltsalt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const refused = await run(t, ['manage_user', 'harpo', 'harpo@example.com', '--initial-password-hash', hash, '--dry-run', '--plan-out', 'plan.json'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot save a plan that creates user "harpo" with a given password hash');
    expect(existsSync(path.join(dir, 'plan.json'))).toBe(false);

    const made = await run(t, ['manage_user', 'harpo', 'harpo@example.com', '--dry-run', '--plan-out', 'plan.json'], { cwd: dir });
    expect(made.code).toBe(0);
    const other = await serverTarget('django');
    const elsewhere = await run(other, ['apply', '--plan', 'plan.json', '--yes'], { cwd: dir });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/^Error: nothing was changed: the plan plan.json was made for postgres:\/\/postgres:\*\*\*@.*, not postgres:/);
    writeFileSync(path.join(dir, 'bad.json'), '{"format": "something else"}');
    const bad = await run(t, ['apply', '--plan', 'bad.json', '--yes'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toMatch(/^Error: bad.json: not a saved plan of this accessctl \(format: /);
    expect(await sql(other, 'SELECT count(*)::int AS n FROM auth_user')).toEqual([{ n: 0 }]);
  });
});
