import type { AccessStore, ProgressListener, StateReader } from '../ports.js';
import { samePlan, unseenRemovals, type Change, type Plan } from './changes.js';
import { computePlan } from './compute.js';
import { scopeOf, type CurrentState } from './current-state.js';
import type { DesiredState } from './desired-state.js';

/** Reads what the desired state touches and returns the plan that would reach it. */
export async function planChanges(store: StateReader, desired: DesiredState): Promise<Plan> {
  return (await planWithState(store, desired)).plan;
}

/** The plan, and the state it was computed against (for what is shown beside it). */
export async function planWithState(store: StateReader, desired: DesiredState): Promise<{ plan: Plan; current: CurrentState }> {
  const current = await store.readState(scopeOf(desired));
  return { plan: computePlan(current, desired), current };
}

export type ApplyOutcome =
  | { status: 'applied'; plan: Plan; /** The state had changed since `shown` was computed. */ replanned: boolean }
  | { status: 'stale'; plan: Plan }
  /** With 'apply': the new plan removes what the plan shown did not, so nothing was written. */
  | { status: 'refused'; plan: Plan; unseen: Change[] };

/**
 * Applies a desired state in one transaction. The auth tables are locked against writers (readers
 * go on), the plan is computed again against the state being written, and compared with the plan
 * that was shown: if they differ, `onStale: 'abort'` writes nothing and returns the new plan to
 * show, while 'apply' writes the new plan (and says so) unless it removes something the plan shown
 * did not: nobody confirmed that removal, so nothing is written.
 */
export async function applyDesiredState(
  store: AccessStore,
  desired: DesiredState,
  shown: Plan,
  options: { onStale: 'apply' | 'abort'; onProgress?: ProgressListener },
): Promise<ApplyOutcome> {
  return store.lockedForWrite(async (tx) => {
    const plan = await planChanges(tx, desired);
    const replanned = !samePlan(plan, shown);
    if (replanned && options.onStale === 'abort') return { status: 'stale', plan };
    if (replanned) {
      const unseen = unseenRemovals(shown, plan);
      if (unseen.length) return { status: 'refused', plan, unseen };
    }
    await tx.writePlan(plan, desired, options.onProgress);
    return { status: 'applied', plan, replanned };
  });
}
