import { adminEntries, type AdminEntry } from '../domain/audit/admin-history.js';
import type { RecordOrigin } from '../domain/audit/record.js';
import type { Plan } from '../domain/plan/changes.js';
import { quoted } from '../domain/text.js';
import { ChangeLogMissing, UnusableActor } from './errors.js';
import { CHANGE_LOG_TABLE } from './schema/change-log-ddl.js';
import type { SqlClient } from './sql.js';
import { userSql } from './user-sql.js';
import type { UserModel } from '../domain/user-model.js';

/** The content type of the user model: Django stores "accounts.User" as app_label accounts, model user. */
function contentTypeOf(model: UserModel): [string, string] {
  const dot = model.label.lastIndexOf('.');
  return [model.label.slice(0, dot), model.label.slice(dot + 1).toLowerCase()];
}

/** How the apply path records: who and how (the origin), and what to do on a database without the change log. */
export interface ChangeJournal {
  origin: RecordOrigin;
  /** `required`: no change log, no apply. `optional`: apply unrecorded, and say so through `onUnrecorded`. */
  changeLog: 'required' | 'optional';
  onUnrecorded?: () => void;
}

export const MISSING_CHANGE_LOG =
  `this database has no change log (table ${CHANGE_LOG_TABLE}), so the changes could not be recorded; nothing was changed. ` +
  `Run 'accessctl migrate' to add it (it adds only accessctl's own tables and leaves Django's as they are), ` +
  `or set changeLog to "optional" (ACCESSCTL_CHANGE_LOG=optional) to apply without a record.`;

async function hasTable(sql: SqlClient, table: string): Promise<boolean> {
  const [row] = await sql.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  return Boolean(row?.present);
}

/** Appends one record to the change log (in the caller's transaction). */
export async function appendRecord(sql: SqlClient, origin: RecordOrigin, action: 'apply' | 'prune', changes: unknown): Promise<number> {
  const source = origin.wayIn.kind === 'access-file' || origin.wayIn.kind === 'saved-plan' ? origin.wayIn : undefined;
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO ${CHANGE_LOG_TABLE} (action, os_user, host, accessctl_version, command_line, way_in, source_path, source_sha256, target, actor, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) RETURNING id`,
    [
      action,
      origin.osUser,
      origin.host,
      origin.version,
      origin.commandLine,
      origin.wayIn.kind,
      source?.path ?? null,
      source?.sha256 ?? null,
      origin.target,
      origin.actor ?? null,
      JSON.stringify(changes),
    ],
  );
  return Number(row!.id);
}

interface AdminContext {
  actorId: number;
  contentTypes: { user: number; group: number };
}

/** The actor's id and the content types the admin log needs; an unusable actor is refused before anything is written. */
async function adminContext(sql: SqlClient, actor: string, model: UserModel): Promise<AdminContext> {
  const U = userSql(model);
  const [appLabel, modelName] = contentTypeOf(model);
  const [row] = await sql.query<{ log: boolean; actor_id: number | null; user_ct: number | null; group_ct: number | null }>(
    `SELECT to_regclass('django_admin_log') IS NOT NULL AS log,
            (SELECT ${U.pk} FROM ${U.table} WHERE ${U.login} = $1) AS actor_id,
            (SELECT id FROM django_content_type WHERE app_label = $2 AND model = $3) AS user_ct,
            (SELECT id FROM django_content_type WHERE app_label = 'auth' AND model = 'group') AS group_ct`,
    [actor, appLabel, modelName],
  );
  if (row?.actor_id == null) throw new UnusableActor(`unknown actor ${quoted(actor)}: --actor must name an existing Django user; nothing was changed`);
  if (!row.log)
    throw new UnusableActor(`--actor needs the Django admin's history table django_admin_log (django.contrib.admin), which this database lacks; nothing was changed`);
  if (row.user_ct == null || row.group_ct == null)
    throw new UnusableActor(`--actor needs the content types ${appLabel}.${modelName} and auth.group, which this database lacks; nothing was changed`);
  return { actorId: row.actor_id, contentTypes: { user: row.user_ct, group: row.group_ct } };
}

/** Ids of the named users and groups, as they are now. */
async function objectIds(sql: SqlClient, entries: AdminEntry[], model: UserModel): Promise<Map<string, number>> {
  const U = userSql(model);
  const users = entries.filter((e) => e.model === 'user').map((e) => e.name);
  const groups = entries.filter((e) => e.model === 'group').map((e) => e.name);
  const rows = await sql.query<{ model: string; name: string; id: number }>(
    `SELECT 'user' AS model, ${U.login}::text AS name, ${U.pk} AS id FROM ${U.table} WHERE ${U.login} = ANY($1::text[])
     UNION ALL SELECT 'group', name, id FROM auth_group WHERE name = ANY($2::text[])`,
    [users, groups],
  );
  return new Map(rows.map((r) => [`${r.model}:${r.name}`, r.id]));
}

/** Writes django_admin_log rows as the admin would for the plan's user and group changes. */
async function writeAdminHistory(sql: SqlClient, context: AdminContext, entries: AdminEntry[], before: Map<string, number>, model: UserModel): Promise<void> {
  if (entries.length === 0) return;
  const after = await objectIds(
    sql,
    entries.filter((e) => !before.has(`${e.model}:${e.name}`)),
    model,
  );
  const idOf = (e: AdminEntry) => before.get(`${e.model}:${e.name}`) ?? after.get(`${e.model}:${e.name}`);
  await sql.execute(
    `INSERT INTO django_admin_log (action_time, user_id, content_type_id, object_id, object_repr, action_flag, change_message)
     SELECT now(), $1, x.ct, x.oid, x.repr, x.flag, x.message
       FROM unnest($2::int[], $3::text[], $4::text[], $5::int2[], $6::text[]) WITH ORDINALITY AS x(ct, oid, repr, flag, message, n) ORDER BY x.n`,
    [
      context.actorId,
      entries.map((e) => context.contentTypes[e.model]),
      entries.map((e) => String(idOf(e) ?? '')),
      entries.map((e) => e.repr.slice(0, 200)),
      entries.map((e) => e.flag),
      entries.map((e) => e.message),
    ],
  );
}

/** An unknown actor is an error before anything is planned. */
export async function checkActor(sql: SqlClient, journal: ChangeJournal, model: UserModel): Promise<void> {
  if (journal.origin.actor !== undefined) await adminContext(sql, journal.origin.actor, model);
}

/** Refuses before the prompt what recordedWrite refuses in the transaction. */
export async function checkChangeLog(sql: SqlClient, journal: ChangeJournal): Promise<void> {
  if (journal.changeLog === 'required' && !(await hasTable(sql, CHANGE_LOG_TABLE))) throw new ChangeLogMissing(MISSING_CHANGE_LOG);
}

/**
 * Writes a plan through `write` and records it, in the caller's transaction: the change-log record,
 * and with an actor the admin history. There is no change without a record and no record without a change.
 */
export async function recordedWrite(tx: SqlClient, journal: ChangeJournal, model: UserModel, plan: Plan, write: () => Promise<void>): Promise<void> {
  const recorded = await hasTable(tx, CHANGE_LOG_TABLE);
  if (!recorded && journal.changeLog === 'required') throw new ChangeLogMissing(MISSING_CHANGE_LOG);
  const { actor } = journal.origin;
  const admin = actor !== undefined ? await adminContext(tx, actor, model) : undefined;
  const entries = admin ? adminEntries(plan) : [];
  if (admin && plan.changes.some((c) => c.type === 'user' && c.action === 'delete' && c.username === actor)) {
    throw new UnusableActor(`--actor ${quoted(actor!)} cannot remove that user: the admin history names its author; name another actor. Nothing was changed.`);
  }
  // Before the writes: a deleted object's id is gone after them.
  const before = admin ? await objectIds(tx, entries, model) : new Map<string, number>();
  await write();
  if (recorded) await appendRecord(tx, journal.origin, 'apply', { changes: plan.changes, warnings: plan.warnings });
  else journal.onUnrecorded?.();
  if (admin) await writeAdminHistory(tx, admin, entries, before, model);
}
