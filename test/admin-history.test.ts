import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { databaseBackend } from '../src/ui/console/backend.js';
import { TEST_ORIGIN } from './support/journal.js';
import { cleanEnv, dumpAuth, pgServer, run, serverTarget, sql, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

// Debian's python3-django (Django 3.2); .ci/run installs it.
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./django/admin_log.py', import.meta.url));
const hasDjango = spawnSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0;
if (!hasDjango && process.env.CI === 'true') throw new Error('Django 3.2 (python3-django, python3-psycopg2) is needed for these tests in CI');

const django = (t: Target, command: string) => execFileSync(PYTHON, [SCRIPT, t.url!, command], { encoding: 'utf8' }).trim();
const history = (t: Target) => JSON.parse(django(t, 'history')) as Record<string, unknown>[];

/** A Django database with the admin installed (django_admin_log) and a staff user to act as. */
async function adminDatabase(): Promise<Target> {
  const t = await serverTarget('django');
  django(t, 'setup');
  expect((await run(t, ['manage_user', 'admin', 'admin@example.com', '--staff', '--superuser', '--yes'])).code).toBe(0);
  return t;
}

describe.skipIf(!hasDjango || !pgServer())("--actor: the Django admin's history, read back by Django 3.2's LogEntry", () => {
  it('writes ADDITION, CHANGE and DELETION rows as the admin does, with the changed fields by their labels', async () => {
    const t = await adminDatabase();
    const as = ['--actor', 'admin', '--yes'];
    await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', ...as]);
    await run(t, ['manage_group', 'viewers', ...as]);
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '-g', 'editors', ...as]);
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--superuser', '-g', 'viewers', ...as]);
    await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:change_thing', ...as]);
    const file = path.join(tempFolder('accessctl-admin-'), 'access.yaml');
    writeFileSync(
      file,
      'users:\n  groucho:\n    email: groucho@example.com\n    superuser: true\n    active: false\n    groups: [viewers]\n    permissions: [myapp:Thing:view_thing]\n',
    );
    await run(t, ['apply', '-f', file, ...as]);
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--unusable-password', '--superuser', '-g', 'viewers', ...as]);
    // The console renames a group: the admin's "Name" field, and the object's new name.
    const db = await Database.open({ kind: 'server', url: t.url! });
    try {
      const backend = databaseBackend(db, { origin: { ...TEST_ORIGIN, actor: 'admin' }, changeLog: 'required' });
      const edits = [{ kind: 'group.rename' as const, group: 'viewers', to: 'watchers' }];
      const review = await backend.review(edits);
      if ('problems' in review) throw new Error(review.problems.join('\n'));
      expect((await backend.apply(edits, review.plan)).status).toBe('applied');
    } finally {
      await db.close();
    }
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--remove', ...as]);
    await run(t, ['manage_group', 'editors', '--remove', ...as]);

    const entries = history(t);
    const row = (flag: number, model: string, repr: string, message: string, edited: string | null) => ({ flag, model, repr, message, edited, actor: 'admin' });
    expect(entries).toMatchObject([
      row(1, 'auth.group', 'editors', 'Added.', null),
      row(1, 'auth.group', 'viewers', 'Added.', 'watchers'),
      row(1, 'auth.user', 'groucho', 'Added.', null),
      row(2, 'auth.user', 'groucho', 'Changed Email address, Staff status and Groups.', null),
      row(2, 'auth.user', 'groucho', 'Changed Staff status, Superuser status and Groups.', null),
      row(2, 'auth.group', 'editors', 'Changed Permissions.', null),
      row(2, 'auth.user', 'groucho', 'Changed Active and User permissions.', null),
      row(2, 'auth.user', 'groucho', 'Changed password.', null),
      row(2, 'auth.group', 'watchers', 'Changed Name.', 'watchers'),
      row(3, 'auth.user', 'groucho', '', null),
      row(3, 'auth.group', 'editors', '', null),
    ]);
    expect(entries.map((e) => [e.addition, e.change, e.deletion])).toEqual(entries.map((e) => [e.flag === 1, e.flag === 2, e.flag === 3]));
    // The object id is the object's primary key: the group the console renamed is the one created first as viewers.
    const [watchers] = await sql<{ id: number }>(t, `SELECT id FROM auth_group WHERE name = 'watchers'`);
    expect(entries[1]!.object_id).toBe(String(watchers!.id));
    expect(entries[8]!.object_id).toBe(String(watchers!.id));
    expect(entries[2]!.object_id).toBe(entries[9]!.object_id);
  });

  it('takes the actor from ACCESSCTL_ACTOR; an unknown actor is an error before anything is written', async () => {
    const t = await adminDatabase();
    const before = await dumpAuth(t);
    const records = async () => (await sql<{ n: number }>(t, 'SELECT count(*)::int AS n FROM accessctl_change_log'))[0]!.n;
    const logged = await records();
    const unknown = await run(t, ['manage_group', 'editors', '--actor', 'nobody', '--yes']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Error: unknown actor "nobody": --actor must name an existing Django user; nothing was changed\n');
    const dry = await run(t, ['manage_group', 'editors', '--dry-run'], { env: cleanEnv({ ACCESSCTL_ACTOR: 'nobody' }) });
    expect(dry.code).toBe(1);
    expect(await dumpAuth(t)).toBe(before);
    expect(await records()).toBe(logged);
    expect(history(t)).toEqual([]);
    expect((await run(t, ['manage_group', 'editors', '--yes'], { env: cleanEnv({ ACCESSCTL_ACTOR: 'admin' }) })).code).toBe(0);
    expect(history(t)).toMatchObject([{ flag: 1, model: 'auth.group', repr: 'editors', actor: 'admin', message: 'Added.' }]);
    const [record] = await sql(t, 'SELECT actor FROM accessctl_change_log ORDER BY id DESC LIMIT 1');
    expect(record).toEqual({ actor: 'admin' });
  });

  it('refuses --actor on a database without the admin (no django_admin_log)', async () => {
    const t = await serverTarget('django');
    await run(t, ['manage_user', 'admin', 'admin@example.com', '--staff', '--yes']);
    const result = await run(t, ['manage_group', 'editors', '--actor', 'admin', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('django_admin_log');
    expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([]);
  });

  it('refuses to remove the actor itself (its admin history would name a removed author)', async () => {
    const t = await adminDatabase();
    const before = await dumpAuth(t);
    const result = await run(t, ['manage_user', 'admin', 'admin@example.com', '--remove', '--actor', 'admin', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'Error: --actor "admin" cannot remove that user: the admin history names its author; name another actor. Nothing was changed.',
    );
    expect(await dumpAuth(t)).toBe(before);
    expect(history(t)).toEqual([]);
  });

  it('removes a user who wrote admin history, with that history, as Django does (LogEntry.user: on_delete=CASCADE)', async () => {
    const t = await adminDatabase();
    await run(t, ['manage_user', 'harpo', 'harpo@example.com', '--staff', '--yes']);
    await run(t, ['manage_group', 'editors', '--actor', 'harpo', '--yes']);
    expect(history(t).map((e) => e.actor)).toEqual(['harpo']);
    // Without an actor: the database refuses a dangling author at COMMIT, so accessctl applies the cascade itself.
    const removed = await run(t, ['manage_user', 'harpo', 'harpo@example.com', '--remove', '--yes']);
    expect(removed.code).toBe(0);
    expect(await sql(t, `SELECT count(*)::int AS n FROM auth_user WHERE username = 'harpo'`)).toEqual([{ n: 0 }]);
    expect(history(t)).toEqual([]);
  });
});
