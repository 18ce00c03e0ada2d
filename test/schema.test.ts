import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { ENTITIES } from '../src/db/entities/index.js';
import { requiredTables } from '../src/db/schema/required-columns.js';
import { AUTH_TABLES, dumpAuth, embeddedTarget, pgDump, pgServer, run, serverTarget, sql, type Target } from './support/targets.js';

const server = pgServer();

/** pg_dump --schema-only of the auth tables alone: what Django's migrate and accessctl's must agree on. */
function authSchemaDump(t: Target): string {
  const tables = AUTH_TABLES.flatMap((table) => ['-t', `public.${table}`]);
  return execFileSync(path.join(server!.bin, 'pg_dump'), ['--schema-only', '--no-owner', ...tables, t.url!], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => !line.startsWith('--') && !line.startsWith('\\'))
    .join('\n');
}

const seedRows = (t: Target) =>
  sql(
    t,
    `SELECT ct.id AS ct_id, ct.app_label, ct.model, p.id, p.name, p.codename FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
           WHERE ct.app_label IN ('auth', 'contenttypes') ORDER BY p.id`,
  );

describe('the columns the schema check requires', () => {
  it("are the entities' tables and columns, in their order, nullable as they say", () => {
    // defineEntity keeps its options on `meta`: the table name and each property's column.
    type Meta = { tableName: string; properties: Record<string, { fieldName: string; nullable?: boolean }> };
    const fromEntities = ENTITIES.map((entity) => {
      const meta = (entity as unknown as { meta: Meta }).meta;
      return [meta.tableName, Object.values(meta.properties).map((prop) => ({ column: prop.fieldName, nullable: Boolean(prop.nullable) }))];
    });
    expect([...requiredTables()]).toEqual(fromEntities);
  });
});

describe.skipIf(!server)('migrate and check on a PostgreSQL server', () => {
  it("creates exactly Django's auth schema and seed rows on an empty database, and a second run changes nothing", async () => {
    const empty = await serverTarget('empty');
    const django = await serverTarget('django');
    const first = await run(empty, ['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Migrated');
    expect(authSchemaDump(empty)).toBe(authSchemaDump(django));
    expect(await seedRows(empty)).toEqual(await seedRows(django));
    const before = pgDump(empty);
    const second = await run(empty, ['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Up to date');
    expect(pgDump(empty)).toBe(before);
    expect((await run(empty, ['check'])).stdout).toContain('created by accessctl');
  });

  it("adds only accessctl's change log to a database Django migrated: Django's tables are left exactly as they were", async () => {
    const django = await serverTarget('django-unmigrated');
    const before = pgDump(django);
    const migrated = await run(django, ['migrate']);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('created by Django');
    expect(migrated.stdout).toContain('Applied 0002-change-log');
    expect(migrated.stdout).not.toContain('0001');
    const checked = await run(django, ['check']);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('Usable');
    const tables = await sql(django, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'accessctl%' ORDER BY 1`);
    expect(tables.map((r) => r.tablename)).toEqual(['accessctl_change_log', 'accessctl_migrations']);
    // Without accessctl's own objects, the dump is the one taken before: nothing of Django's changed.
    const withoutOurs = (dump: string) =>
      dump
        .split(/\n\s*\n/)
        .map((block) => block.trim())
        .filter((block) => block !== '' && !block.includes('accessctl_'))
        .join('\n\n');
    expect(withoutOurs(pgDump(django))).toBe(withoutOurs(before));
    const again = await run(django, ['migrate']);
    expect(again.stdout).not.toContain('Applied');
  });

  it("finds nothing to change between the entities and Django's schema (MikroORM's schema diff is empty)", async () => {
    for (const t of [await serverTarget('django'), await serverTarget('empty')]) {
      await run(t, ['migrate']);
      const db = await Database.open({ kind: 'server', url: t.url! });
      try {
        const diff = await db.withOrm((orm) => orm.schema.getUpdateSchemaSQL({ wrap: false }));
        expect(diff.trim()).toBe('');
      } finally {
        await db.close();
      }
    }
  });

  it('check reports each problem on a line of its own and exits non-zero', async () => {
    const t = await serverTarget('django');
    await sql(t, 'ALTER TABLE auth_user DROP COLUMN is_staff');
    await sql(t, 'DROP TABLE auth_user_user_permissions');
    const result = await run(t, ['check']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  table auth_user_user_permissions is missing\n');
    expect(result.stderr).toContain('  column auth_user.is_staff is missing\n');
    expect(result.stderr).toContain('not usable');
    const empty = await run(await serverTarget('empty'), ['check']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("Run 'accessctl migrate'");
  });

  it('migrate refuses to complete a partial auth schema it did not create', async () => {
    const t = await serverTarget('django');
    await sql(t, 'DROP TABLE auth_user_user_permissions');
    const before = pgDump(t);
    const result = await run(t, ['migrate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing: auth_user_user_permissions');
    expect(pgDump(t)).toBe(before);
  });

  it('a command on a database without the auth schema says so', async () => {
    const result = await run(await serverTarget('empty'), ['manage_group', 'g', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('auth schema is missing');
  });
});

describe('the embedded database', () => {
  it('is created and migrated on first use; migrate again changes nothing', async () => {
    const t = await embeddedTarget('new');
    const checked = await run(t, ['check']);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toContain('Created the embedded database');
    expect(checked.stdout).toContain('complete auth schema (created by accessctl)');
    const seed = await seedRows(t);
    expect(seed).toHaveLength(16);
    expect(seed[0]).toMatchObject({ id: 1, name: 'Can add permission', codename: 'add_permission', app_label: 'auth', model: 'permission' });
    const before = await dumpAuth(t);
    const again = await run(t, ['migrate']);
    expect(again.stdout).toContain('Up to date');
    expect(await dumpAuth(t)).toBe(before);
  });

  it("accepts a data folder loaded with Django's own schema and leaves it as it was", async () => {
    const t = await embeddedTarget('django');
    const before = await dumpAuth(t);
    expect((await run(t, ['migrate'])).stdout).toContain('created by Django');
    expect((await run(t, ['check'])).code).toBe(0);
    expect(await dumpAuth(t)).toBe(before);
    // The embedded database is accessctl's own: it always gets accessctl's change log (and nothing else).
    const tables = await sql(t, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'accessctl%' ORDER BY 1`);
    expect(tables.map((r) => r.tablename)).toEqual(['accessctl_change_log', 'accessctl_migrations']);
  });
});
