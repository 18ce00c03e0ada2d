import type { SqlClient } from '../sql.js';
import { CHANGE_LOG_TABLE } from './change-log-ddl.js';
import { DJANGO_AUTH_MIGRATION, MIGRATION_NAMES, MIGRATIONS_TABLE } from './migrations/names.js';
import { requiredTables, type RequiredColumn } from './required-columns.js';

export interface SchemaReport {
  /** Auth tables present, each with its columns and whether they accept NULL. */
  present: Map<string, Map<string, { nullable: boolean }>>;
  missingTables: string[];
  /** accessctl's own migrations that ran; undefined when accessctl never migrated this database. */
  appliedMigrations?: string[];
  /** Whether auth.User's tables were checked (not for a custom user model). */
  withUserTables: boolean;
  /** accessctl's change log exists (every applied plan is recorded in it). */
  changeLog: boolean;
}

/** The tables of Django's own auth.User: not required when the project has a custom user model. */
const USER_TABLES = ['auth_user', 'auth_user_groups', 'auth_user_user_permissions'];

/** The tables and columns to check: without auth.User's own when the project swapped the user model. */
function checkedTables(withUserTables: boolean): Map<string, RequiredColumn[]> {
  const tables = requiredTables();
  if (!withUserTables) for (const table of USER_TABLES) tables.delete(table);
  return tables;
}

/**
 * The columns of the named tables in the current schema, as information_schema.columns lists them
 * (tables, views, foreign and partitioned tables; only those the user may use; NOT NULL from the
 * column or its domain), read from pg_catalog: the information_schema view costs ~0.1 s on a cold
 * embedded database, at every start.
 */
const COLUMNS = `
SELECT c.relname AS table_name, a.attname AS column_name, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS not_null
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
 WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())
   AND c.relname = ANY($1::text[]) AND c.relkind IN ('r', 'v', 'f', 'p')
   AND a.attnum > 0 AND NOT a.attisdropped
   AND (pg_catalog.pg_has_role(c.relowner, 'USAGE') OR pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))`;

/**
 * Reads, in one query, which of Django's auth tables and columns exist, and accessctl's migration
 * record. `withUserTables: false` for a custom user model, whose tables the user model loader checks.
 */
export async function inspectSchema(sql: SqlClient, options: { withUserTables?: boolean } = {}): Promise<SchemaReport> {
  const withUserTables = options.withUserTables ?? true;
  const tables = checkedTables(withUserTables);
  const rows = await sql.query<{ table_name: string; column_name: string; not_null: boolean }>(COLUMNS, [[...tables.keys(), MIGRATIONS_TABLE, CHANGE_LOG_TABLE]]);
  const present = new Map<string, Map<string, { nullable: boolean }>>();
  for (const row of rows) {
    if (!present.has(row.table_name)) present.set(row.table_name, new Map());
    present.get(row.table_name)!.set(row.column_name, { nullable: !row.not_null });
  }
  const ours = present.has(MIGRATIONS_TABLE);
  const changeLog = present.has(CHANGE_LOG_TABLE);
  present.delete(MIGRATIONS_TABLE);
  present.delete(CHANGE_LOG_TABLE);
  const appliedMigrations = ours ? (await sql.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).map((r) => r.name) : undefined;
  return { present, missingTables: [...tables.keys()].filter((t) => !present.has(t)), appliedMigrations, changeLog, withUserTables };
}

/** One line per problem that keeps accessctl from using the database; empty when usable. */
export function schemaProblems(report: SchemaReport): string[] {
  const problems: string[] = [];
  for (const table of report.missingTables) problems.push(`table ${table} is missing`);
  for (const [table, columns] of checkedTables(report.withUserTables)) {
    const found = report.present.get(table);
    if (!found) continue;
    for (const { column, nullable } of columns) {
      const actual = found.get(column);
      if (!actual) problems.push(`column ${table}.${column} is missing`);
      else if (actual.nullable && !nullable) problems.push(`column ${table}.${column} accepts NULL; Django's does not`);
    }
  }
  return problems;
}

/** The auth tables are there and accessctl did not create them: Django's migrate did. */
export function madeByDjango(report: SchemaReport): boolean {
  return report.present.size > 0 && !(report.appliedMigrations ?? []).includes(DJANGO_AUTH_MIGRATION);
}

/** accessctl's migrations still to run; on a database Django made, only accessctl's own tables (never the auth schema). */
export function pendingMigrations(report: SchemaReport): string[] {
  const done = new Set(report.appliedMigrations ?? []);
  if (madeByDjango(report)) done.add(DJANGO_AUTH_MIGRATION);
  return MIGRATION_NAMES.filter((name) => !done.has(name));
}
