import { bounded, quoted } from '../domain/text.js';
import { StillReferenced } from './errors.js';
import type { SqlClient } from './sql.js';
import { ident } from './user-sql.js';

interface Reference {
  schema: string;
  table: string;
  column: string;
  /** The column it points at (Django's to_field; the primary key unless said otherwise). */
  target: string;
}

/**
 * Foreign keys that the database itself would refuse to break. Django creates its foreign keys
 * without ON DELETE (it applies on_delete in Python), so these are what a plain DELETE trips over,
 * at COMMIT, because Django makes them DEFERRABLE INITIALLY DEFERRED.
 */
async function enforcedReferences(sql: SqlClient, table: string): Promise<Reference[]> {
  return sql.query<Reference>(
    `SELECT n.nspname AS schema, r.relname AS table, a.attname AS column, t.attname AS target
       FROM pg_constraint c
       JOIN pg_class r ON r.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = r.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute t ON t.attrelid = c.confrelid AND t.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.confrelid = to_regclass($1) AND cardinality(c.conkey) = 1 AND c.confdeltype IN ('a', 'r')
      ORDER BY 1, 2, 3`,
    [table],
  );
}

/** Django's LogEntry.user is on_delete=CASCADE: removing a user removes the admin history they wrote, as the admin does. */
const isAdminHistoryAuthor = (what: string, ref: Reference) => what === 'user' && ref.table === 'django_admin_log' && ref.column === 'user_id';

/**
 * Before rows of `table` are removed (those `selector` finds, with `params`): applies Django's CASCADE
 * where accessctl knows the model (the admin history), and refuses where it does not: a blog post's
 * author, an order's owner. Those rules live in the project's Python code, so the operator decides.
 */
export async function clearReferences(sql: SqlClient, what: 'user' | 'group' | 'permission', table: string, selector: string, params: unknown[]): Promise<void> {
  const blocking: string[] = [];
  for (const ref of await enforcedReferences(sql, table)) {
    const from = `${ident(ref.schema)}.${ident(ref.table)}`;
    const pointing = `${ident(ref.column)} IN (SELECT ${ident(ref.target)} FROM ${table} WHERE ${selector})`;
    if (isAdminHistoryAuthor(what, ref)) {
      await sql.execute(`DELETE FROM ${from} WHERE ${pointing}`, params);
      continue;
    }
    const [row] = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${from} WHERE ${pointing}`, params);
    const count = Number(row?.n ?? 0);
    if (count > 0) blocking.push(`${count} row${count === 1 ? '' : 's'} of ${quoted(ref.table)} (column ${quoted(ref.column)})`);
  }
  if (blocking.length === 0) return;
  const advice = what === 'user' ? 'deactivate the user instead (`active: false` in an access file, or A in the console), or remove it in Django' : `remove it in Django`;
  throw new StillReferenced(
    bounded(
      `cannot remove the ${what}: ${blocking.join(', ')} point to it, and only the project's Django code knows what should happen to them; ${advice}. Nothing was changed.`,
      600,
    ),
  );
}
