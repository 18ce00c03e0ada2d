import type { RecordedAccessStore } from '../../db/access-store.js';
import type { ChangeJournal } from '../../db/change-log.js';
import type { Database } from '../../db/database.js';
import { resolveLogFilter, type ParsedLogFilter } from '../../domain/audit/filters.js';
import type { ChangeLogReader, ChangeRecord } from '../../domain/audit/record.js';
import { desiredFromEdits, type Edit } from '../../domain/edits.js';
import { equivalentCommands } from '../../domain/equivalent-commands.js';
import { InvalidInput } from '../../domain/errors.js';
import { explainAccess, type Explanation } from '../../domain/explain.js';
import { permissionEffects, type PermissionEffect } from '../../domain/permission-effects.js';
import type { Plan } from '../../domain/plan/changes.js';
import type { CurrentState } from '../../domain/plan/current-state.js';
import type { DesiredState } from '../../domain/plan/desired-state.js';
import { applyDesiredState, planWithState, type ApplyOutcome } from '../../domain/plan/engine.js';
import type { BrowseQueries } from '../../domain/ports.js';

export type Review = { plan: Plan; commands: string[]; effects: PermissionEffect[] } | { problems: string[] };

/** Users whose permissions a review lists: at most this many members of each changed group. */
const MEMBERS_SHOWN = 50;

/** What the console reads and writes, bound to one database: every screen goes through it. */
export interface ConsoleBackend extends BrowseQueries {
  label: string;
  /** Why a user holds a permission or not (as `accessctl explain`). */
  explain(username: string, permission: string): Promise<Explanation>;
  /** The plan of the pending edits, the command lines that would do the same, and what each user gains and loses. */
  review(edits: Edit[]): Promise<Review>;
  /** Applies the edits if the plan is still `shown`; otherwise returns the new plan ('stale'). */
  apply(edits: Edit[], shown: Plan): Promise<ApplyOutcome>;
  /** Writes the plan of the edits to the file given with `console --plan-out` (absent without it); returns what to say. */
  savePlan?(edits: Edit[]): Promise<string>;
  /** The change log, newest first (the last 500 records that match); undefined when the database has none. */
  history(filter: ParsedLogFilter): Promise<ChangeRecord[] | undefined>;
}

/** Saves the plan of a desired state (the file name and how to write it come from the command). */
export type PlanSaver = (desired: DesiredState, planned: { plan: Plan; current: CurrentState }) => Promise<string>;

/** The console's backend on an open database: every apply is recorded by the journal, in its transaction. */
export function databaseBackend(db: Pick<Database, 'recordedAccess' | 'browse' | 'label' | 'changeLog'>, journal: ChangeJournal, savePlan?: PlanSaver): ConsoleBackend {
  return backendOf(db.browse, db.recordedAccess(journal), db.label, db.changeLog, savePlan);
}

export function backendOf(browse: BrowseQueries, store: RecordedAccessStore, label: string, changeLog: ChangeLogReader, savePlan?: PlanSaver): ConsoleBackend {
  return {
    savePlan: savePlan && (async (edits) => savePlan(desiredFromEdits(edits), await planWithState(store, desiredFromEdits(edits)))),
    label,
    ...browse,
    explain: (username, permission) => explainAccess(store, username, permission),
    async review(edits) {
      try {
        const { plan, current } = await planWithState(store, desiredFromEdits(edits));
        return { plan, commands: equivalentCommands(plan, current), effects: await effectsOf(browse, plan) };
      } catch (error) {
        if (error instanceof InvalidInput) return { problems: error.problems.map((p) => p.message) };
        throw error;
      }
    },
    apply: (edits, shown) => applyDesiredState(store, desiredFromEdits(edits), shown, { onStale: 'abort' }),
    history: async (filter) => changeLog.records({ ...(await resolveLogFilter(store, filter)), limit: 500 }),
  };
}

/** Per user, the permissions the plan makes them gain and lose (the users it names, and members of the groups it changes). */
async function effectsOf(browse: BrowseQueries, plan: Plan): Promise<PermissionEffect[]> {
  const named = new Set<string>();
  const changedGroups = new Set<string>();
  const keys = new Set<string>();
  for (const change of plan.changes) {
    if ('username' in change) named.add(change.username);
    if (change.type === 'group_permission') changedGroups.add(change.group);
    if (change.type === 'group' && change.action === 'delete') changedGroups.add(change.group);
    if ('permission' in change) keys.add(change.permission);
  }
  if (!named.size && !changedGroups.size) return [];
  const members = changedGroups.size ? await browse.membersOfGroups([...changedGroups], MEMBERS_SHOWN) : [];
  const usernames = [...new Set([...named, ...members])].sort();
  const users = await browse.userAccess(usernames);
  const groupNames = new Set(changedGroups);
  for (const user of users.values()) for (const g of user.groups) groupNames.add(g);
  for (const change of plan.changes) if (change.type === 'user_group') groupNames.add(change.group);
  const groups = await browse.groupPermissionSets([...groupNames]);
  for (const set of groups.values()) for (const k of set) keys.add(k);
  for (const user of users.values()) for (const k of user.permissions) keys.add(k);
  return permissionEffects(plan, { users, groups }, usernames, [...keys]);
}
