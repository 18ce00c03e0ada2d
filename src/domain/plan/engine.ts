import type { SqlClient } from '../../db/sql.js';
import { userSql } from '../../db/user-sql.js';
import type { UserModel } from '../user-model.js';
import { samePlan, type Plan } from './changes.js';
import { computePlan } from './compute.js';
import { readCurrentState, scopeOf, type CurrentState } from './current-state.js';
import type { DesiredState } from './desired-state.js';
import { writePlan, type ProgressListener } from './write.js';

/** The tables a plan reads and writes, for the lock that keeps writers out while it is applied. */
function authTables(model: UserModel): string {
  const U = userSql(model);
  return `django_content_type, auth_permission, auth_group, auth_group_permissions, ${U.table}, ${U.groups.table}, ${U.permissions.table}`;
}

/** Reads what the desired state touches and returns the plan that would reach it. */
export async function planChanges(sql: SqlClient, model: UserModel, desired: DesiredState): Promise<Plan> {
  return (await planWithState(sql, model, desired)).plan;
}

/** The plan, and the state it was computed against (for what is shown beside it). */
export async function planWithState(sql: SqlClient, model: UserModel, desired: DesiredState): Promise<{ plan: Plan; current: CurrentState }> {
  const current = await readCurrentState(sql, model, scopeOf(desired));
  return { plan: computePlan(current, desired, model), current };
}

export type ApplyOutcome =
  | { status: 'applied'; plan: Plan; /** The state had changed since `shown` was computed. */ replanned: boolean }
  | { status: 'stale'; plan: Plan };

/**
 * Applies a desired state in one transaction. The auth tables are locked against writers (readers
 * go on), the plan is computed again against the state being written, and compared with the plan
 * that was shown: if they differ, `onStale: 'abort'` writes nothing and returns the new plan to
 * show, while 'apply' writes the new plan (and says so).
 */
export async function applyDesiredState(
  sql: SqlClient,
  model: UserModel,
  desired: DesiredState,
  shown: Plan,
  options: { onStale: 'apply' | 'abort'; onProgress?: ProgressListener },
): Promise<ApplyOutcome> {
  return sql.transaction(async (tx) => {
    await tx.execute(`LOCK TABLE ${authTables(model)} IN SHARE ROW EXCLUSIVE MODE`);
    const plan = await planChanges(tx, model, desired);
    const replanned = !samePlan(plan, shown);
    if (replanned && options.onStale === 'abort') return { status: 'stale', plan };
    await writePlan(tx, model, plan, desired, options.onProgress);
    return { status: 'applied', plan, replanned };
  });
}
