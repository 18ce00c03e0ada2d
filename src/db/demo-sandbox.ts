import { DJANGO_USER_MODEL } from '../domain/user-model.js';
import { DEMO_PEOPLE } from '../domain/demo/content.js';
import { demoDesiredState } from '../domain/demo/desired.js';
import { applyDesiredState, planChanges } from '../domain/plan/engine.js';
import { sqlAccessStore } from './access-store.js';
import type { ChangeJournal } from './change-log.js';
import { seedSql } from './schema/django-auth-seed.js';
import type { SqlClient } from './sql.js';

/** accessctl's own table in a sandbox: it marks the database as one, and keeps lesson progress. */
const PROGRESS = 'accessctl_demo_progress';

const AUTH_TABLES = 'auth_user_user_permissions, auth_user_groups, auth_group_permissions, auth_permission, auth_group, auth_user, django_content_type';

/** `empty`: a new database, `sandbox`: one the demo built, `other`: someone's data the demo must not touch. */
export async function sandboxKind(sql: SqlClient): Promise<'empty' | 'sandbox' | 'other'> {
  const [row] = await sql.query<{ marked: boolean; used: boolean }>(
    `SELECT to_regclass('public.${PROGRESS}') IS NOT NULL AS marked,
            EXISTS (SELECT 1 FROM auth_user) OR EXISTS (SELECT 1 FROM auth_group) AS used`,
  );
  return row?.marked ? 'sandbox' : row?.used ? 'other' : 'empty';
}

/**
 * Builds the sandbox in one transaction: the demo's desired state through the plan engine, then the
 * columns access files do not carry (names, dates), from constants so that every build is identical.
 */
export async function buildSandbox(sql: SqlClient, journal: ChangeJournal): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.execute(`CREATE TABLE ${PROGRESS} (lesson text PRIMARY KEY, steps_done integer NOT NULL)`);
    const desired = demoDesiredState();
    const store = sqlAccessStore(tx, journal, async () => DJANGO_USER_MODEL);
    await applyDesiredState(store, desired, await planChanges(store, desired), { onStale: 'apply' });
    await tx.execute(
      `UPDATE auth_user u SET first_name = x.first_name, last_name = x.last_name,
              date_joined = timestamptz '2023-01-02 09:00:00+00' + u.id * interval '6 days 3 hours',
              last_login = CASE WHEN u.is_active THEN timestamptz '2025-03-03 08:00:00+00' + (u.id % 17) * interval '1 day 47 minutes' END
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(username, first_name, last_name) WHERE u.username = x.username`,
      [DEMO_PEOPLE.map((p) => p.username), DEMO_PEOPLE.map((p) => p.firstName), DEMO_PEOPLE.map((p) => p.lastName)],
    );
  });
}

/** Empties a sandbox back to a new database's rows (ids restart) and builds it again, in one transaction. */
export async function resetSandbox(sql: SqlClient, journal: ChangeJournal): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.execute(`TRUNCATE ${AUTH_TABLES} RESTART IDENTITY`);
    await tx.execute(`DROP TABLE ${PROGRESS}`);
    await tx.execute(seedSql());
    await buildSandbox(tx, journal);
  });
}

/** How many steps of each lesson are done. */
export async function readProgress(sql: SqlClient): Promise<Map<string, number>> {
  const rows = await sql.query<{ lesson: string; steps_done: number }>(`SELECT lesson, steps_done FROM ${PROGRESS}`);
  return new Map(rows.map((r) => [r.lesson, r.steps_done]));
}

export async function saveProgress(sql: SqlClient, lesson: string, stepsDone: number): Promise<void> {
  await sql.execute(`INSERT INTO ${PROGRESS} (lesson, steps_done) VALUES ($1, $2) ON CONFLICT (lesson) DO UPDATE SET steps_done = excluded.steps_done`, [
    lesson,
    stepsDone,
  ]);
}
