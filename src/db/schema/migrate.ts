import type { Database } from '../database.js';
import { SchemaIncomplete } from '../errors.js';
import { findUserTables, USER_MODEL_SETTING } from '../user-model.js';
import { inspectSchema, pendingMigrations } from './inspect.js';

async function currentSchema(db: Database): Promise<string> {
  const [row] = await db.sql.query<{ schema: string | null }>(`SELECT current_schema() AS schema`);
  return row.schema ?? '(none)';
}

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
  const custom = db.customUserModel;
  if (custom) {
    // Django owns a custom user model's table: accessctl never creates it, nor an auth_user beside it.
    const report = await inspectSchema(db.sql, { withUserTables: false });
    if (report.missingTables.length === 0) return { status: 'django', applied: [] };
    if (options.onlyIfEmpty) return { status: 'up-to-date', applied: [] };
    throw new SchemaIncomplete(
      `the auth schema is missing (${report.missingTables.join(', ')}) and the user model is ${custom}: accessctl creates only Django's default auth.User schema. Run Django's migrate.`,
    );
  }
  const report = await inspectSchema(db.sql);
  if (!report.appliedMigrations) {
    if (report.missingTables.length === 0) return { status: 'django', applied: [] };
    if (report.present.size > 0 || (await currentSchema(db)) !== 'public') {
      if (report.present.size === 0) {
        throw new SchemaIncomplete(`accessctl creates its auth schema only in "public"; let Django's migrate create the tables in ${await currentSchema(db)}`);
      }
      const custom = report.missingTables.includes('auth_user') ? await findUserTables(db.sql) : [];
      if (custom.length) {
        const table = custom[0];
        throw new SchemaIncomplete(
          `no auth_user table, but a custom user model${table.label ? ` ${table.label}` : ''} (table ${table.table}): accessctl does not create user tables. Name it with ${USER_MODEL_SETTING}`,
        );
      }
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
