import type { SqlClient } from '../sql.js';
import { inspectSchema, madeByDjango } from './inspect.js';
import { DJANGO_AUTH_MIGRATION, MIGRATION_NAMES, MIGRATIONS_TABLE } from './migrations/names.js';

export interface MigrationState {
  name: string;
  applied: boolean;
  appliedAt?: Date;
}

export interface AppMigrations {
  app: string;
  migrations: MigrationState[];
  /** Why an app lists no migrations. */
  note?: string;
}

/** Django's apps whose migrations make the tables accessctl manages. */
export const DJANGO_APPS = ['auth', 'contenttypes'];

/**
 * accessctl's migrations, applied or not, and the rows Django recorded for its auth and
 * contenttypes apps (read only: they list what Django applied, and accessctl never writes them).
 * On a database Django made, accessctl's auth-schema migration does not apply (its others do).
 */
export async function migrationStatus(sql: SqlClient): Promise<AppMigrations[]> {
  const report = await inspectSchema(sql);
  const rows = report.appliedMigrations
    ? await sql.query<{ name: string; executed_at: Date | null }>(`SELECT name, executed_at FROM ${MIGRATIONS_TABLE} ORDER BY id`)
    : [];
  const done = new Map(rows.map((row) => [row.name, row.executed_at ?? undefined]));
  // On a database Django made, accessctl never creates the auth schema: that migration is not listed.
  const django = madeByDjango(report);
  const apps: AppMigrations[] = [
    {
      app: 'accessctl',
      migrations: MIGRATION_NAMES.filter((name) => !(django && name === DJANGO_AUTH_MIGRATION)).map((name) => ({
        name,
        applied: done.has(name),
        appliedAt: done.get(name),
      })),
      note: django ? `(${DJANGO_AUTH_MIGRATION} not used: the auth schema was created by Django)` : undefined,
    },
  ];
  const [{ table } = { table: null }] = await sql.query<{ table: string | null }>(`SELECT to_regclass('django_migrations')::text AS table`);
  if (table) {
    const recorded = await sql.query<{ app: string; name: string; applied: Date | null }>(
      'SELECT app, name, applied FROM django_migrations WHERE app = ANY($1::text[]) ORDER BY app, id',
      [DJANGO_APPS],
    );
    for (const app of DJANGO_APPS) {
      const migrations = recorded.filter((row) => row.app === app).map((row) => ({ name: row.name, applied: true, appliedAt: row.applied ?? undefined }));
      apps.push({ app, migrations, note: migrations.length ? undefined : '(no migrations recorded)' });
    }
  }
  return apps;
}

/** accessctl's migrations that apply to this database and have not run. */
export const unapplied = (apps: AppMigrations[]) => apps.filter((a) => a.app === 'accessctl').flatMap((a) => a.migrations.filter((m) => !m.applied).map((m) => m.name));
