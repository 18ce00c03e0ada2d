import type { Edit } from '../../domain/edits.js';
import type { ConsoleBackend, Review } from './backend.js';
import { useData } from './use-data.js';

/**
 * The plan of the pending edits, computed by the domain whenever they change: the status bar
 * counts its changes (not the edits), so that what it says is what `a` would show.
 */
export function usePendingPlan(backend: ConsoleBackend, edits: Edit[], generation: number, onError: (error: Error) => void) {
  const loaded = useData<Review | null>(() => (edits.length ? backend.review(edits) : Promise.resolve(null)), [edits, generation], onError);
  const review = edits.length ? loaded.data : null;
  const changes = review && 'plan' in review ? review.plan.changes.length : 0;
  const problems = review && 'problems' in review ? review.problems : [];
  const effects = review && 'plan' in review ? review.effects : [];
  return { changes, problems, effects, computing: loaded.loading && edits.length > 0 };
}
