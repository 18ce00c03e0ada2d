import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cleanEnv, dumpAuth, embeddedTarget, pgServer, run, serverTarget, sql, type Target, one } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const sandbox = (): Target => {
  const dataDir = path.join(tempFolder('accessctl-demo-'), 'demo');
  return { kind: 'embedded', options: ['--data-dir', dataDir], dataDir };
};

// Each test builds whole embedded databases, which take a while on a busy machine.
describe('accessctl demo: the sandbox', { timeout: 300_000 }, () => {
  it('builds identical sandboxes, ids and every column included, and --reset builds the same again', async () => {
    const [a, b] = [sandbox(), sandbox()];
    for (const t of [a, b]) {
      const built = await run(t, ['demo']);
      expect(built.code).toBe(0);
      expect(built.stderr).toContain('Built the demo sandbox in');
    }
    const first = await dumpAuth(a);
    expect(await dumpAuth(b)).toBe(first);
    await run(a, ['manage_user', 'maria', 'maria@example.com', '--staff', '--yes']);
    expect(await dumpAuth(a)).not.toBe(first);
    const reset = await run(a, ['demo', '--reset']);
    expect(reset.stderr).toContain('Rebuilt the demo sandbox');
    expect(await dumpAuth(a)).toBe(first);
  });

  it('holds what a newcomer should meet: Django apps, sample apps with custom and proxy permissions, teams, the special users', async () => {
    const t = sandbox();
    await run(t, ['demo']);
    const apps = await sql(t, `SELECT app_label, count(*)::int AS models FROM django_content_type GROUP BY 1 ORDER BY min(id)`);
    expect(apps).toEqual([
      { app_label: 'auth', models: 3 },
      { app_label: 'contenttypes', models: 1 },
      { app_label: 'admin', models: 1 },
      { app_label: 'sessions', models: 1 },
      { app_label: 'blog', models: 3 },
      { app_label: 'shop', models: 3 },
      { app_label: 'support', models: 2 },
    ]);
    const custom = await sql(
      t,
      `SELECT ct.app_label || ':' || ct.model || ':' || p.codename AS key FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id WHERE p.codename NOT SIMILAR TO '(add|change|delete|view)_%' ORDER BY 1`,
    );
    expect(custom.map((r) => r.key)).toEqual(['blog:post:publish_post', 'shop:order:refund_order', 'support:ticket:escalate_ticket']);
    expect(await sql(t, `SELECT name FROM auth_permission WHERE codename = 'add_urgentticket'`)).toEqual([{ name: 'Can add urgent ticket' }]);
    const counts = one(await sql(t, `SELECT (SELECT count(*)::int FROM auth_user) AS users, (SELECT count(*)::int FROM auth_group) AS groups`));
    expect(counts.users).toBeGreaterThanOrEqual(55);
    expect(counts.users).toBeLessThanOrEqual(65);
    expect(counts.groups).toBeGreaterThanOrEqual(8);
    expect(counts.groups).toBeLessThanOrEqual(10);
    const users = await sql(
      t,
      `SELECT u.username, u.is_staff, u.is_superuser, u.is_active, u.first_name <> '' AS named,
              (SELECT count(*)::int FROM auth_user_groups ug WHERE ug.user_id = u.id) AS groups,
              (SELECT count(*)::int FROM auth_user_user_permissions up WHERE up.user_id = u.id) AS direct
         FROM auth_user u`,
    );
    expect(users.every((u) => u.named)).toBe(true);
    expect(users.some((u) => u.is_superuser && u.is_staff)).toBe(true);
    expect(users.some((u) => u.is_superuser && !u.is_staff)).toBe(true);
    expect(users.some((u) => u.is_staff && !u.is_superuser && u.groups === 0)).toBe(true);
    expect(users.some((u) => !u.is_active && u.groups > 0)).toBe(true);
    expect(users.some((u) => u.direct > 0)).toBe(true);
  });

  it('--print writes the content as an access file: what export of a new sandbox writes, and it applies as "No changes."', async () => {
    const printed = await run(undefined, ['demo', '--print']);
    expect(printed.code).toBe(0);
    const t = sandbox();
    await run(t, ['demo']);
    const exported = await run(t, ['export']);
    expect(parse(printed.stdout)).toEqual(parse(exported.stdout));
    const file = path.join(path.dirname(t.dataDir!), 'demo.yaml');
    await import('node:fs').then((fs) => fs.writeFileSync(file, printed.stdout));
    expect((await run(t, ['apply', '-f', file, '--yes'])).stderr.trim()).toBe('No changes.');
  });

  it('lives in accessctl/demo of the data home, never in the configured embedded database', async () => {
    const home = tempFolder('accessctl-home-');
    const configured = path.join(home, 'configured');
    const result = await run(undefined, ['demo'], { env: cleanEnv({ XDG_DATA_HOME: home, ACCESSCTL_DATA_DIR: configured }) });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(path.join(home, 'accessctl', 'demo'));
    expect((await import('node:fs')).existsSync(configured)).toBe(false);
  });

  it('refuses a folder holding a database that is not a sandbox, and leaves it exactly as it was', async () => {
    const t = await embeddedTarget('django');
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    const before = await dumpAuth(t);
    for (const args of [['demo'], ['demo', '--reset']]) {
      const result = await run(t, args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `Error: "${t.dataDir}" holds a database that is not a demo sandbox; the demo never changes it (choose another --data-dir)`,
      ]);
    }
    expect(await dumpAuth(t)).toBe(before);
  });
});

describe.skipIf(!pgServer())('accessctl demo never uses a server', () => {
  it('--database-url or DATABASE_URL: one clear line, exit 2, and the server database is as it was', async () => {
    const t = await serverTarget('django');
    const before = await dumpAuth(t);
    const flag = await run(t, ['demo']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim()).toBe(
      "Error: the demo runs only on its own embedded sandbox, never on a server: drop --database-url (use --data-dir to choose the sandbox's folder)",
    );
    const env = await run(undefined, ['demo'], { env: cleanEnv({ DATABASE_URL: t.url }) });
    expect(env.code).toBe(2);
    expect(env.stderr.trim()).toBe(
      "Error: the demo runs only on its own embedded sandbox, never on a server: drop DATABASE_URL (use --data-dir to choose the sandbox's folder)",
    );
    expect(env.stderr).not.toContain(t.url!);
    expect(await dumpAuth(t)).toBe(before);
  });
});
