import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { describeEachTarget, DJANGO_TARGETS } from './support/each-target.js';
import { dumpAuth, embeddedTarget, pgDump, pgServer, run, serverTarget, sql, type Target, nth } from './support/targets.js';

// Each test opens the embedded database several times (PGlite's cold start): slow on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./django/verify.py', import.meta.url));
const hasDjango = spawnSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0;
const django = (t: Target, ...args: string[]) => execFileSync(PYTHON, [SCRIPT, t.url!, ...args], { encoding: 'utf8' });

describe('the migrations list', () => {
  it('names the migrations MikroORM runs, in their order (the schema check reads the names without loading MikroORM)', async () => {
    const [{ MIGRATIONS }, { MIGRATION_NAMES }] = await Promise.all([import('../src/db/schema/migrations/index.js'), import('../src/db/schema/migrations/names.js')]);
    expect(MIGRATIONS.map((m) => m.name)).toEqual([...MIGRATION_NAMES]);
  });
});

describe('showmigrations on a database accessctl made', () => {
  it("lists accessctl's migration as applied on the embedded database, with the time at --verbosity 2", async () => {
    const t = await embeddedTarget('migrated');
    const before = await dumpAuth(t);
    const shown = await run(t, ['showmigrations']);
    expect(shown).toEqual({ code: 0, stdout: 'accessctl\n [X] 0001-django-auth\n [X] 0002-change-log\n', stderr: '' });
    const times = await sql(t, `SELECT to_char(executed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS at FROM accessctl_migrations ORDER BY id`);
    expect((await run(t, ['showmigrations', '--verbosity', '2'])).stdout).toBe(
      `accessctl\n [X] 0001-django-auth (applied at ${nth(times, 0).at})\n [X] 0002-change-log (applied at ${nth(times, 1).at})\n`,
    );
    expect((await run(t, ['showmigrations', '--check'])).code).toBe(0);
    expect(await dumpAuth(t)).toBe(before);
  });

  it.skipIf(!pgServer())('on an empty server database: [ ] and --check exits 1; after migrate [X] and 0; nothing written by either', async () => {
    const t = await serverTarget('empty');
    const empty = pgDump(t);
    const none = 'accessctl\n [ ] 0001-django-auth\n [ ] 0002-change-log\n';
    expect(await run(t, ['showmigrations'])).toEqual({ code: 0, stdout: none, stderr: '' });
    const checked = await run(t, ['showmigrations', '--check']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toBe(none);
    expect(checked.stderr).toBe("Unapplied: 0001-django-auth, 0002-change-log (run 'accessctl migrate').\n");
    expect(pgDump(t)).toBe(empty);
    await run(t, ['migrate']);
    expect(await run(t, ['showmigrations', '--check'])).toEqual({ code: 0, stdout: 'accessctl\n [X] 0001-django-auth\n [X] 0002-change-log\n', stderr: '' });
  });

  it.skipIf(!pgServer() || !hasDjango)("after Django took it over, Django's rows read exactly as Django's own showmigrations prints them", async () => {
    const t = await serverTarget('empty');
    await run(t, ['migrate']);
    django(t, 'adopt');
    const before = pgDump(t);
    const shown = await run(t, ['showmigrations']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(`accessctl\n [X] 0001-django-auth\n [X] 0002-change-log\n${django(t, 'showmigrations')}`);
    expect(shown.stdout).toContain('auth\n [X] 0001_initial\n');
    const detailed = await run(t, ['showmigrations', '--verbosity', '2']);
    expect(detailed.stdout.split('\n').slice(3).join('\n')).toBe(django(t, 'showmigrations', '2'));
    expect(pgDump(t)).toBe(before);
  });
});

describeEachTarget('showmigrations on a database Django made', DJANGO_TARGETS, (make) => {
  it("leaves out accessctl's auth-schema migration, lists Django's rows read only, and --check follows accessctl's change log", async () => {
    const t = await make();
    await sql(
      t,
      `INSERT INTO django_migrations (app, name, applied) VALUES
      ('contenttypes', '0001_initial', '2021-04-06 10:00:00+00'), ('auth', '0001_initial', '2021-04-06 10:00:01+00'),
      ('admin', '0001_initial', '2021-04-06 10:00:02+00'), ('contenttypes', '0002_remove_content_type_name', '2021-04-06 10:00:03+00'),
      ('auth', '0002_alter_permission_name_max_length', '2021-04-06 10:00:04+00')`,
    );
    const before = await dumpAuth(t);
    const django = 'auth\n [X] 0001_initial\n [X] 0002_alter_permission_name_max_length\n' + 'contenttypes\n [X] 0001_initial\n [X] 0002_remove_content_type_name\n';
    const shown = await run(t, ['showmigrations']);
    expect(shown.code).toBe(0);
    // The embedded database gets accessctl's change log when it is opened; a server's waits for `accessctl migrate`.
    expect(shown.stdout).toMatch(/^accessctl\n \(0001-django-auth not used: the auth schema was created by Django\)\n \[[X ]\] 0002-change-log\n/);
    expect(shown.stdout.endsWith(django)).toBe(true);
    await run(t, ['migrate']);
    expect(await run(t, ['showmigrations', '--check'])).toEqual({
      code: 0,
      stdout: `accessctl\n (0001-django-auth not used: the auth schema was created by Django)\n [X] 0002-change-log\n${django}`,
      stderr: '',
    });
    expect(await dumpAuth(t)).toBe(before);
  });
});

describeEachTarget('sqlmigrate', DJANGO_TARGETS, (make) => {
  it('prints the SQL of the migration in a transaction, as Django does, and runs none of it', async () => {
    const t = await make();
    const before = await dumpAuth(t);
    const ours = `SELECT to_regclass('accessctl_migrations') AS migrations, to_regclass('accessctl_change_log') AS change_log`;
    const oursBefore = await sql(t, ours);
    const printed = await run(t, ['sqlmigrate', '0001-django-auth']);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toBe('');
    expect(printed.stdout.startsWith('BEGIN;\nCREATE TABLE public.auth_group (')).toBe(true);
    expect(printed.stdout).toContain("INSERT INTO public.django_content_type (app_label, model) VALUES ('auth', 'permission')");
    expect(printed.stdout.endsWith(';\nCOMMIT;\n')).toBe(true);
    expect((await run(t, ['sqlmigrate', '0001'])).stdout).toBe(printed.stdout);
    const backwards = await run(t, ['sqlmigrate', '0001', '--backwards']);
    expect(backwards.stdout).toMatch(/^BEGIN;\nDROP TABLE public\.auth_user_user_permissions, .*;\nCOMMIT;\n$/);
    expect(await dumpAuth(t)).toBe(before);
    expect(await sql(t, ours)).toEqual(oursBefore);
  });

  it('an unknown name is one line naming it and the known ones, exit 1', async () => {
    const t = await make();
    const result = await run(t, ['sqlmigrate', '0002\u001b[31m']);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'Error: unknown migration "0002\\e[31m"; the known ones: 0001-django-auth, 0002-change-log\n' });
  });
});

describe('sqlmigrate', () => {
  it('does not even open the embedded database: its folder is not created', async () => {
    const t = await embeddedTarget('new');
    const result = await run(t, ['sqlmigrate', '0001']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CREATE TABLE public.auth_user (');
    expect(existsSync(t.dataDir!)).toBe(false);
  });
});
