import type { SqlClient } from '../../db/sql.js';
import type { PlanJournal } from '../audit/record.js';
import { samePlan, type Plan } from './changes.js';
import { computePlan } from './compute.js';
import { readCurrentState, scopeOf, type CurrentState } from './current-state.js';
import type { DesiredState } from './desired-state.js';
import { stateFingerprint } from './fingerprint.js';
import { writePlan, type ProgressListener } from './write.js';

const AUTH_TABLES = 'django_content_type, auth_permission, auth_group, auth_group_permissions, auth_user, auth_user_groups, auth_user_user_permissions';

/** Reads what the desired state touches and returns the plan that would reach it. */
export async function planChanges(sql: SqlClient, desired: DesiredState): Promise<Plan> {
  return (await planWithState(sql, desired)).plan;
}

/** The plan, and the state it was computed against (for what is shown beside it, and its fingerprint). */
export async function planWithState(sql: SqlClient, desired: DesiredState): Promise<{ plan: Plan; current: CurrentState }> {
  const current = await readCurrentState(sql, scopeOf(desired));
  return { plan: computePlan(current, desired), current };
}

export type ApplyOutcome =
  | { status: 'applied'; plan: Plan; /** The state had changed since `shown` was computed. */ replanned: boolean }
  | { status: 'stale'; plan: Plan };

export interface ApplyOptions {
  onStale: 'apply' | 'abort';
  onProgress?: ProgressListener;
  /** Records the plan in the same transaction as its writes. */
  journal: PlanJournal;
  /** A saved plan's: the state read must be exactly the one the plan was computed from, else 'stale'. */
  fingerprint?: string;
}

/**
 * Applies a desired state in one transaction. The auth tables are locked against writers (readers
 * go on), the plan is computed again against the state being written, and compared with the plan
 * that was shown: if they differ, `onStale: 'abort'` writes nothing and returns the new plan to
 * show, while 'apply' writes the new plan (and says so). The journal writes the plan and records
 * it: a plan with changes is never written without its record.
 */
export async function applyDesiredState(sql: SqlClient, desired: DesiredState, shown: Plan, options: ApplyOptions): Promise<ApplyOutcome> {
  return sql.transaction(async (tx) => {
    await tx.execute(`LOCK TABLE ${AUTH_TABLES} IN SHARE ROW EXCLUSIVE MODE`);
    const { plan, current } = await planWithState(tx, desired);
    const moved = options.fingerprint !== undefined && stateFingerprint(current) !== options.fingerprint;
    const replanned = moved || !samePlan(plan, shown);
    if (replanned && (options.onStale === 'abort' || moved)) return { status: 'stale', plan };
    if (plan.changes.length > 0) await options.journal.record(tx, plan, () => writePlan(tx, plan, desired, options.onProgress));
    return { status: 'applied', plan, replanned };
  });
}
