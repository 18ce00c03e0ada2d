import type { SqlClient } from '../sql.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations/index.js';
import { requiredTables } from './required-columns.js';

export interface SchemaReport {
  /** Auth tables present, each with its columns and whether they accept NULL. */
  present: Map<string, Map<string, { nullable: boolean }>>;
  missingTables: string[];
  /** accessctl's own migrations that ran; undefined when accessctl never migrated this database. */
  appliedMigrations?: string[];
}

/** Reads, in one query, which of Django's auth tables and columns exist, and accessctl's migration record. */
export async function inspectSchema(sql: SqlClient): Promise<SchemaReport> {
  const tables = requiredTables();
  const rows = await sql.query<{ table_name: string; column_name: string; is_nullable: string }>(
    `SELECT table_name, column_name, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
    [[...tables.keys(), MIGRATIONS_TABLE]],
  );
  const present = new Map<string, Map<string, { nullable: boolean }>>();
  for (const row of rows) {
    if (!present.has(row.table_name)) present.set(row.table_name, new Map());
    present.get(row.table_name)!.set(row.column_name, { nullable: row.is_nullable === 'YES' });
  }
  const ours = present.has(MIGRATIONS_TABLE);
  present.delete(MIGRATIONS_TABLE);
  const appliedMigrations = ours
    ? (await sql.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).map((r) => r.name)
    : undefined;
  return { present, missingTables: [...tables.keys()].filter((t) => !present.has(t)), appliedMigrations };
}

/** One line per problem that keeps accessctl from using the database; empty when usable. */
export function schemaProblems(report: SchemaReport): string[] {
  const problems: string[] = [];
  for (const table of report.missingTables) problems.push(`table ${table} is missing`);
  for (const [table, columns] of requiredTables()) {
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

export function pendingMigrations(report: SchemaReport): string[] {
  const done = new Set(report.appliedMigrations ?? []);
  return MIGRATIONS.map((m) => m.name).filter((name) => !done.has(name));
}
