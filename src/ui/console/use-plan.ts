import React from 'react';
import { editOutcomes, type EditOutcome } from '../../domain/edit-status.js';
import type { Edit } from '../../domain/edits.js';
import type { PermissionEffect } from '../../domain/permission-effects.js';
import type { Plan } from '../../domain/plan/changes.js';
import type { ConsoleBackend, Review } from './backend.js';
import { useData } from './use-data.js';

/** The plan of the pending edits, as every count of pending changes on screen takes it. */
export interface PendingPlan {
  /** The edits the plan was made of: while the plan of the latest ones is computed, the previous ones. */
  edits: Edit[];
  /** Undefined before the first plan, and when the edits cannot be applied (`problems`). */
  plan: Plan | undefined;
  changes: number;
  problems: string[];
  effects: PermissionEffect[];
  /** What became of each edit the plan was made of (a change, nothing because already so, …). */
  outcomes: Map<Edit, EditOutcome>;
  computing: boolean;
}

/**
 * The plan of the pending edits, computed by the domain whenever they change (or the database is
 * read again): the status bar and every screen count its changes (not the edits), so that what
 * they say is what `a` would show.
 */
export function usePendingPlan(backend: ConsoleBackend, edits: Edit[], generation: number, onError: (error: Error) => void): PendingPlan {
  const loaded = useData<{ edits: Edit[]; review: Review | null }>(
    () => (edits.length ? backend.review(edits).then((review) => ({ edits, review })) : Promise.resolve({ edits, review: null })),
    [backend, edits, generation],
    onError,
  );
  // With nothing pending there is nothing to wait for.
  const made = edits.length ? loaded.data : undefined;
  const review = made?.review;
  const plan = review && 'plan' in review ? review.plan : undefined;
  const outcomes = React.useMemo(() => (made && plan ? editOutcomes(made.edits, plan) : new Map<Edit, EditOutcome>()), [made, plan]);
  return {
    edits: made?.edits ?? [],
    plan,
    changes: plan?.changes.length ?? 0,
    problems: review && 'problems' in review ? review.problems : [],
    effects: review && 'plan' in review ? review.effects : [],
    outcomes,
    computing: loaded.loading && edits.length > 0,
  };
}
