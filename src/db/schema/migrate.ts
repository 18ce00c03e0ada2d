import type { Database } from '../database.js';
import { SchemaIncomplete } from '../errors.js';
import { inspectSchema, pendingMigrations } from './inspect.js';

export interface MigrateOutcome {
  /** `django`: the auth schema was there before accessctl, and nothing was touched. */
  status: 'django' | 'up-to-date' | 'migrated';
  applied: string[];
}

/**
 * Creates Django's auth schema on a database that has none. A database whose auth tables
 * another tool made (Django's own migrate) is left exactly as it is. `onlyIfEmpty` is the
 * cheap check made on every start of the embedded database.
 */
export async function migrate(db: Database, options: { onlyIfEmpty?: boolean } = {}): Promise<MigrateOutcome> {
  return db.withMigrationLock(() => migrateLocked(db, options));
}

async function migrateLocked(db: Database, options: { onlyIfEmpty?: boolean }): Promise<MigrateOutcome> {
  const report = await inspectSchema(db.sql);
  if (!report.appliedMigrations) {
    if (report.missingTables.length === 0) return { status: 'django', applied: [] };
    if (report.present.size > 0) {
      throw new SchemaIncomplete(
        `the auth schema is incomplete (missing: ${report.missingTables.join(', ')}); accessctl will not change tables it did not create. Run Django's migrate.`,
      );
    }
  }
  const pending = pendingMigrations(report);
  if (pending.length === 0) return { status: 'up-to-date', applied: [] };
  if (options.onlyIfEmpty && report.appliedMigrations) return { status: 'up-to-date', applied: [] };
  const applied = await db.withOrm(async (orm) => {
    const done = await orm.getMigrator().up();
    return done.map((m) => m.name);
  });
  return { status: 'migrated', applied };
}
