import type { Database } from '../database.js';
import { SchemaIncomplete } from '../errors.js';
import { inspectSchema, madeByDjango, pendingMigrations } from './inspect.js';

export interface MigrateOutcome {
  /** `django`: the auth schema was there before accessctl; only accessctl's own tables are added to it. */
  status: 'django' | 'up-to-date' | 'migrated';
  applied: string[];
}

/**
 * Creates Django's auth schema on a database that has none, and accessctl's own tables (the change
 * log) on every database. A database whose auth tables another tool made (Django's own migrate)
 * gets only accessctl's own tables: its auth tables are left exactly as they are.
 */
export async function migrate(db: Database): Promise<MigrateOutcome> {
  return db.withMigrationLock(() => migrateLocked(db));
}

async function migrateLocked(db: Database): Promise<MigrateOutcome> {
  const report = await inspectSchema(db.sql);
  const django = madeByDjango(report);
  if (django && report.missingTables.length > 0) {
    throw new SchemaIncomplete(
      `the auth schema is incomplete (missing: ${report.missingTables.join(', ')}); accessctl will not change tables it did not create. Run Django's migrate.`,
    );
  }
  const pending = pendingMigrations(report);
  if (pending.length === 0) return { status: django ? 'django' : 'up-to-date', applied: [] };
  const applied = await db.withOrm(async (orm) => {
    const done = await orm.getMigrator().up({ migrations: pending });
    return done.map((m) => m.name);
  });
  return { status: django ? 'django' : 'migrated', applied };
}
