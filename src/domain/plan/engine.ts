import type { AccessStore, ProgressListener, StateReader } from '../ports.js';
import { samePlan, unseenRemovals, type Change, type Plan } from './changes.js';
import { computePlan } from './compute.js';
import { sameState, scopeOf, type CurrentState } from './current-state.js';
import type { DesiredState } from './desired-state.js';
import { stateFingerprint } from './fingerprint.js';

/** Reads what the desired state touches and returns the plan that would reach it. */
export async function planChanges(store: StateReader, desired: DesiredState): Promise<Plan> {
  return (await planWithState(store, desired)).plan;
}

/** The plan, and the state it was computed against (for what is shown beside it, and its fingerprint). */
export async function planWithState(store: StateReader, desired: DesiredState): Promise<{ plan: Plan; current: CurrentState }> {
  const current = await store.readState(scopeOf(desired));
  return { plan: computePlan(current, desired), current };
}

export type ApplyOutcome =
  | { status: 'applied'; plan: Plan; /** The state had changed since `shown` was computed. */ replanned: boolean }
  | { status: 'stale'; plan: Plan }
  /** With 'apply': the new plan removes what the plan shown did not, so nothing was written. */
  | { status: 'refused'; plan: Plan; unseen: Change[] };

export interface ApplyOptions {
  onStale: 'apply' | 'abort';
  onProgress?: ProgressListener;
  /** A saved plan's: the state read must be exactly the one the plan was computed from, else 'stale'. */
  fingerprint?: string;
  /** The state `shown` was computed from: read again unchanged, `shown` is applied as it is. */
  shownFrom?: CurrentState;
}

/**
 * Applies a desired state in one transaction. The auth tables are locked against writers (readers
 * go on), the plan is computed again against the state being written, and compared with the plan
 * that was shown: if they differ, `onStale: 'abort'` writes nothing and returns the new plan to
 * show, while 'apply' writes the new plan (and says so) unless it removes something the plan shown
 * did not: nobody confirmed that removal, so nothing is written. The store's writer records the
 * plan in the same transaction (the change log); a plan without changes writes and records nothing.
 */
export async function applyDesiredState(store: AccessStore, desired: DesiredState, shown: Plan, options: ApplyOptions): Promise<ApplyOutcome> {
  return store.lockedForWrite(async (tx) => {
    const current = await tx.readState(scopeOf(desired));
    // The rows the plan shown was computed from, unchanged: the same plan, not computed again.
    const plan = options.shownFrom && sameState(options.shownFrom, current) ? shown : computePlan(current, desired);
    const moved = options.fingerprint !== undefined && stateFingerprint(current) !== options.fingerprint;
    const replanned = moved || (plan !== shown && !samePlan(plan, shown));
    if (replanned && (options.onStale === 'abort' || moved)) return { status: 'stale', plan };
    if (replanned) {
      const unseen = unseenRemovals(shown, plan);
      if (unseen.length) return { status: 'refused', plan, unseen };
    }
    if (plan.changes.length > 0) await tx.writePlan(plan, desired, options.onProgress);
    return { status: 'applied', plan, replanned };
  });
}
