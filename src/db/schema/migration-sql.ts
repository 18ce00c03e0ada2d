import type { MigrationObject } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { quoted } from '../../domain/text.js';
import { MIGRATIONS } from './migrations/index.js';

/** The migration a name means: its full name or a prefix of one alone (`0001`), as Django accepts. */
export function findMigration(name: string): MigrationObject | string {
  const exact = MIGRATIONS.find((m) => m.name === name);
  if (exact) return exact;
  const known = MIGRATIONS.map((m) => m.name).join(', ');
  const matches = MIGRATIONS.filter((m) => m.name.startsWith(name));
  const [only] = matches;
  if (matches.length === 1 && only && name) return only;
  if (matches.length > 1) return `more than one migration starts with ${quoted(name)}: ${matches.map((m) => m.name).join(', ')}`;
  return `unknown migration ${quoted(name)}; the known ones: ${known}`;
}

/**
 * The SQL a migration runs, without running it (or opening a database): its statements as
 * MikroORM's migrator would send them, in BEGIN/COMMIT when it runs in a transaction.
 */
export async function migrationSql(migration: MigrationObject, backwards = false): Promise<string> {
  // Statements are only collected: the migration never reaches a driver here.
  const instance = new (migration.class as new (driver: unknown, config: unknown) => Migration)(undefined, undefined);
  await (backwards ? instance.down() : instance.up());
  const statements = instance.getQueries().map((q) => String(q).trim().replace(/;?$/, ';'));
  const body = statements.join('\n');
  return instance.isTransactional() ? `BEGIN;\n${body}\nCOMMIT;` : body;
}
