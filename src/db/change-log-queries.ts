import type { LogFilter } from '../domain/audit/filters.js';
import type { ChangeLogReader, ChangeRecord, RecordOrigin } from '../domain/audit/record.js';
import { CHANGE_LOG_TABLE } from './schema/change-log-ddl.js';
import { appendRecord } from './change-log.js';
import type { SqlClient } from './sql.js';

interface Row {
  id: string;
  applied_at: Date;
  action: 'apply' | 'prune';
  os_user: string;
  host: string;
  accessctl_version: string;
  command_line: string;
  way_in: ChangeRecord['wayIn'];
  source_path: string | null;
  source_sha256: string | null;
  target: string;
  actor: string | null;
  changes: unknown;
}

const toRecord = (r: Row): ChangeRecord => ({
  id: Number(r.id),
  appliedAt: r.applied_at,
  action: r.action,
  osUser: r.os_user,
  host: r.host,
  version: r.accessctl_version,
  commandLine: r.command_line,
  wayIn: r.way_in,
  sourcePath: r.source_path ?? undefined,
  sourceSha256: r.source_sha256 ?? undefined,
  target: r.target,
  actor: r.actor ?? undefined,
  changes: r.changes,
});

export async function hasChangeLog(sql: SqlClient): Promise<boolean> {
  const [row] = await sql.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [CHANGE_LOG_TABLE]);
  return Boolean(row?.present);
}

/**
 * Records, newest first. The user, group and permission filters find the records whose changes
 * name them (`changes @>`): a group also by the name it was renamed to.
 */
export async function readRecords(sql: SqlClient, filter: LogFilter): Promise<ChangeRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.since) where.push(`applied_at >= ${param(filter.since)}`);
  if (filter.until) where.push(`applied_at < ${param(filter.until)}`);
  const contains = (object: Record<string, string>) => `changes @> ${param(JSON.stringify({ changes: [object] }))}::jsonb`;
  if (filter.user !== undefined) where.push(contains({ username: filter.user }));
  if (filter.group !== undefined) where.push(`(${contains({ group: filter.group })} OR ${contains({ type: 'group', to: filter.group })})`);
  if (filter.permission !== undefined) where.push(contains({ permission: filter.permission }));
  const rows = await sql.query<Row>(
    `SELECT * FROM ${CHANGE_LOG_TABLE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC ${filter.limit ? `LIMIT ${param(filter.limit)}` : ''}`,
    params,
  );
  return rows.map(toRecord);
}

/** The record of a saved plan's application, found by the hash of the plan file. */
export async function recordOfSource(sql: SqlClient, sha256: string): Promise<ChangeRecord | undefined> {
  if (!(await hasChangeLog(sql))) return undefined;
  const [row] = await sql.query<Row>(`SELECT * FROM ${CHANGE_LOG_TABLE} WHERE source_sha256 = $1 AND action = 'apply' ORDER BY id DESC LIMIT 1`, [sha256]);
  return row ? toRecord(row) : undefined;
}

/**
 * Deletes the records applied before `before`, and records that it did, in one transaction: the
 * one exception to the change log being append-only (the table's trigger admits it only here).
 */
export async function pruneRecords(sql: SqlClient, before: Date, origin: RecordOrigin): Promise<{ removed: number; id: number }> {
  return sql.transaction(async (tx) => {
    await tx.execute(`SELECT set_config('accessctl.pruning', 'on', true)`);
    const removed = await tx.execute(`DELETE FROM ${CHANGE_LOG_TABLE} WHERE applied_at < $1`, [before]);
    await tx.execute(`SELECT set_config('accessctl.pruning', 'off', true)`);
    const id = await appendRecord(tx, origin, 'prune', { pruned_before: before.toISOString(), removed });
    return { removed, id };
  });
}

/** The change log for the console's History. */
export function sqlChangeLogReader(sql: SqlClient): ChangeLogReader {
  return { records: async (filter) => ((await hasChangeLog(sql)) ? readRecords(sql, filter) : undefined) };
}
