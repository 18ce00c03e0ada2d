import type { Database } from '../../db/database.js';
import { desiredFromEdits, type Edit } from '../../domain/edits.js';
import { equivalentCommands } from '../../domain/equivalent-commands.js';
import { InvalidInput } from '../../domain/errors.js';
import { explainAccess, type Explanation } from '../../domain/explain.js';
import type { Plan } from '../../domain/plan/changes.js';
import { applyDesiredState, planWithState, type ApplyOutcome } from '../../domain/plan/engine.js';
import type { AccessStore, BrowseQueries } from '../../domain/ports.js';

export type Review = { plan: Plan; commands: string[] } | { problems: string[] };

/** What the console reads and writes, bound to one database: every screen goes through it. */
export interface ConsoleBackend extends BrowseQueries {
  label: string;
  /** Why a user holds a permission or not (as `accessctl explain`). */
  explain(username: string, permission: string): Promise<Explanation>;
  /** The plan of the pending edits and the command lines that would do the same. */
  review(edits: Edit[]): Promise<Review>;
  /** Applies the edits if the plan is still `shown`; otherwise returns the new plan ('stale'). */
  apply(edits: Edit[], shown: Plan): Promise<ApplyOutcome>;
}

/** The console's backend on an open database. */
export function databaseBackend(db: Pick<Database, 'access' | 'browse' | 'label'>): ConsoleBackend {
  return backendOf(db.browse, db.access, db.label);
}

export function backendOf(browse: BrowseQueries, store: AccessStore, label: string): ConsoleBackend {
  return {
    label,
    ...browse,
    explain: (username, permission) => explainAccess(store, username, permission),
    async review(edits) {
      try {
        const { plan, current } = await planWithState(store, desiredFromEdits(edits));
        return { plan, commands: equivalentCommands(plan, current) };
      } catch (error) {
        if (error instanceof InvalidInput) return { problems: error.problems.map((p) => p.message) };
        throw error;
      }
    },
    apply: (edits, shown) => applyDesiredState(store, desiredFromEdits(edits), shown, { onStale: 'abort' }),
  };
}
