import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import type { Edit } from '../src/domain/edits.js';
import { databaseBackend } from '../src/ui/console/backend.js';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { TEST_ORIGIN } from './support/journal.js';
import { cleanEnv, dumpAuth, pgServer, run, serverTarget, sql, type Target, nth } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const records = (t: Target) => sql(t, 'SELECT * FROM accessctl_change_log ORDER BY id');
const count = async (t: Target) => (await sql<{ n: number }>(t, 'SELECT count(*)::int AS n FROM accessctl_change_log'))[0]!.n;
const open = (t: Target) => Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });

function accessFile(text: string): string {
  const file = path.join(tempFolder('accessctl-log-'), 'access.yaml');
  writeFileSync(file, text);
  return file;
}

describeEachTarget('the change log', DJANGO_TARGETS, (make) => {
  it('records each applied plan once, in its transaction, with who, where, how and what (secrets masked)', async () => {
    const t = await make();
    const hash = 'pbkdf2_sha256$260000$saltsaltsalt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const created = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '--initial-password-hash', hash, '--yes']);
    expect(created.code).toBe(0);
    const record = nth(await records(t), 0);
    expect(await count(t)).toBe(1);
    expect(record).toMatchObject({
      action: 'apply',
      os_user: os.userInfo().username,
      host: os.hostname(),
      accessctl_version: '0.1.0',
      way_in: 'command',
      source_path: null,
      actor: null,
    });
    expect(record.command_line).toContain('accessctl manage_user groucho groucho@example.com --staff --initial-password-hash *** --yes');
    expect(record.command_line).not.toContain(hash);
    expect(record.changes.changes).toEqual([
      { type: 'user', action: 'create', username: 'groucho', email: 'groucho@example.com', isStaff: true, isSuperuser: false, isActive: true, password: 'given' },
    ]);
    if (t.kind === 'server') {
      const password = new URL(t.url!).password;
      expect(password).not.toBe('');
      expect(record.command_line).toContain('--database-url postgres://');
      expect(JSON.stringify(record)).not.toContain(password);
      expect(record.target).toBe(t.url!.replace(`:${password}@`, ':***@'));
    } else expect(record.target).toBe(`embedded database ${t.dataDir}`);
    expect(record.applied_at).toBeInstanceOf(Date);
    expect(Math.abs(record.applied_at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('an access file is recorded with its path and the sha256 of its content; the console as the console', async () => {
    const t = await make();
    const text = 'groups:\n  editors: [myapp:Thing:add_thing]\n';
    const file = accessFile(text);
    expect((await run(t, ['apply', '-f', file, '--yes'])).code).toBe(0);
    const db = await open(t);
    try {
      const backend = databaseBackend(db, { origin: { ...TEST_ORIGIN, target: db.label }, changeLog: 'required' });
      const edits: Edit[] = [{ kind: 'group.create', group: 'viewers' }];
      const review = await backend.review(edits);
      if ('problems' in review) throw new Error(review.problems.join('\n'));
      expect(review.plan.changes).toHaveLength(1);
      expect((await backend.apply(edits, review.plan)).status).toBe('applied');
    } finally {
      await db.close();
    }
    const all = await records(t);
    const [fromFile, fromConsole] = [nth(all, 0), nth(all, 1)];
    expect(fromFile).toMatchObject({ way_in: 'access-file', source_path: file, source_sha256: createHash('sha256').update(text).digest('hex') });
    expect(fromFile.changes.changes).toEqual([
      { type: 'group', action: 'create', group: 'editors' },
      { type: 'group_permission', action: 'add', group: 'editors', permission: 'myapp:thing:add_thing' },
    ]);
    expect(fromConsole).toMatchObject({ way_in: 'console', source_path: null });
    expect(fromConsole.changes.changes).toEqual([{ type: 'group', action: 'create', group: 'viewers' }]);
    expect(await count(t)).toBe(2);
  });

  it('a plan with no changes, a dry run, a refusal, a declined prompt, bad input and a failed write leave no record', async () => {
    const t = await make();
    await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', '--yes']);
    expect(await count(t)).toBe(1);
    const before = await dumpAuth(t);
    expect((await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', '--yes'])).stderr).toContain('No changes.');
    expect((await run(t, ['manage_group', 'editors', '--dry-run'])).code).toBe(0);
    expect((await run(t, ['manage_group', 'editors'])).code).toBe(1);
    const declined = await run(t, ['manage_group', 'editors'], { interactive: true, confirm: async () => false });
    expect(declined.stderr).toContain('Cancelled');
    expect((await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:nope', '--yes'])).code).toBe(1);
    if (t.kind === 'server') {
      await sql(t, `CREATE FUNCTION fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by trigger'; END $$ LANGUAGE plpgsql`);
      await sql(t, `CREATE TRIGGER no_links BEFORE DELETE ON auth_group_permissions FOR EACH ROW EXECUTE FUNCTION fail()`);
      const failed = await run(t, ['manage_group', 'editors', '--yes']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('refused by trigger');
    }
    expect(await dumpAuth(t)).toBe(before);
    expect(await count(t)).toBe(1);
  });

  it('is append-only: an UPDATE or DELETE of a record is refused by the table itself', async () => {
    const t = await make();
    await run(t, ['manage_group', 'editors', '--yes']);
    await expect(sql(t, `UPDATE accessctl_change_log SET os_user = 'someone else'`)).rejects.toThrow('append-only');
    await expect(sql(t, `DELETE FROM accessctl_change_log`)).rejects.toThrow('append-only');
    expect(await count(t)).toBe(1);
  });
});

describe.skipIf(!pgServer())('a server database without the change log (Django-made, never migrated by accessctl)', () => {
  it('refuses to apply by default, with what to do; check says how to add it; migrate adds it', async () => {
    const t = await serverTarget('django-unmigrated');
    const before = await dumpAuth(t);
    const refused = await run(t, ['manage_group', 'editors', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error: this database has no change log (table accessctl_change_log)');
    expect(refused.stderr).toContain("Run 'accessctl migrate' to add it");
    expect(refused.stderr.trim().split('\n').at(-1)).toMatch(/^Error: /);
    expect((await run(t, ['manage_group', 'editors', '--dry-run'])).code).toBe(0);
    expect(await dumpAuth(t)).toBe(before);
    const checked = await run(t, ['check']);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain("table accessctl_change_log is missing, so applied plans cannot be recorded: run 'accessctl migrate' to add it");
    expect((await run(t, ['migrate'])).code).toBe(0);
    expect((await run(t, ['check'])).code).toBe(0);
    expect((await run(t, ['manage_group', 'editors', '--yes'])).code).toBe(0);
    expect(await count(t)).toBe(1);
  });

  it('applies unrecorded, with a warning, when the changeLog setting is optional (environment or config file)', async () => {
    const t = await serverTarget('django-unmigrated');
    const applied = await run(t, ['manage_group', 'editors', '--yes'], { env: cleanEnv({ ACCESSCTL_CHANGE_LOG: 'optional' }) });
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain('Warning: applied without a record');
    expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([{ name: 'editors' }]);
    const project = tempFolder('accessctl-project-');
    writeFileSync(path.join(project, 'accessctl.config.json'), JSON.stringify({ changeLog: 'optional' }));
    expect((await run(t, ['manage_group', 'viewers', '--yes'], { cwd: project })).code).toBe(0);
    const checked = await run(t, ['check'], { cwd: project });
    expect(checked.code).toBe(0);
    expect(checked.stderr).toContain('applying goes on unrecorded');
    const bad = await run(t, ['manage_group', 'x', '--yes'], { env: cleanEnv({ ACCESSCTL_CHANGE_LOG: 'sometimes' }) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('Error: invalid changeLog "sometimes" (ACCESSCTL_CHANGE_LOG): use "required" or "optional"\n');
  });
});
