import type { Database } from '../database.js';
import { SchemaIncomplete } from '../errors.js';
import { findUserTables, USER_MODEL_SETTING } from '../user-model.js';
import { inspectSchema, madeByDjango, pendingMigrations } from './inspect.js';

async function currentSchema(db: Database): Promise<string> {
  const [row] = await db.sql.query<{ schema: string | null }>(`SELECT current_schema() AS schema`);
  return row?.schema ?? '(none)';
}

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
  const custom = db.customUserModel;
  // Django owns a custom user model's table: accessctl never creates it, nor an auth_user beside it.
  const report = await inspectSchema(db.sql, { withUserTables: !custom });
  const django = madeByDjango(report);
  if (custom && report.missingTables.length > 0) {
    throw new SchemaIncomplete(
      `the auth schema is missing (${report.missingTables.join(', ')}) and the user model is ${custom}: accessctl creates only Django's default auth.User schema. Run Django's migrate.`,
    );
  }
  if (!django && report.present.size === 0 && (await currentSchema(db)) !== 'public') {
    throw new SchemaIncomplete(`accessctl creates its auth schema only in "public"; let Django's migrate create the tables in ${await currentSchema(db)}`);
  }
  if (django && report.missingTables.length > 0) {
    const found = report.missingTables.includes('auth_user') ? await findUserTables(db.sql) : [];
    const [table] = found;
    if (table) {
      throw new SchemaIncomplete(
        `no auth_user table, but a custom user model${table.label ? ` ${table.label}` : ''} (table ${table.table}): accessctl does not create user tables. Name it with ${USER_MODEL_SETTING}`,
      );
    }
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
