import type { SqlClient } from '../../db/sql.js';
import { hasChangeLog, readRecords } from '../../db/change-log-queries.js';
import type { LogFilter } from '../../domain/audit/filters.js';
import type { ChangeRecord, PlanJournal } from '../../domain/audit/record.js';
import * as browse from '../../domain/browse.js';
import { desiredFromEdits, type Edit } from '../../domain/edits.js';
import { equivalentCommands } from '../../domain/equivalent-commands.js';
import { InvalidInput } from '../../domain/errors.js';
import type { Plan } from '../../domain/plan/changes.js';
import type { CurrentState } from '../../domain/plan/current-state.js';
import type { DesiredState } from '../../domain/plan/desired-state.js';
import { applyDesiredState, planWithState, type ApplyOutcome } from '../../domain/plan/engine.js';

export type Review = { plan: Plan; commands: string[] } | { problems: string[] };

/** What the console reads and writes, bound to one database: every screen goes through it. */
export interface ConsoleBackend {
  label: string;
  countUsers(filter?: string): Promise<number>;
  usersPage(request: browse.PageRequest): Promise<browse.UserRow[]>;
  countGroups(filter?: string): Promise<number>;
  groupsPage(request: browse.PageRequest): Promise<browse.GroupRow[]>;
  userDetail(username: string): Promise<browse.UserDetail | undefined>;
  groupDetail(name: string): Promise<browse.GroupDetail | undefined>;
  membersAmong(group: string, usernames: string[]): Promise<Set<string>>;
  permissions(filter?: string): Promise<browse.PermissionInfo[]>;
  holders(key: string): Promise<browse.PermissionHolders>;
  apps(): Promise<string[]>;
  matrix(appLabel: string, request: browse.PageRequest): Promise<browse.Matrix>;
  /** The plan of the pending edits and the command lines that would do the same. */
  review(edits: Edit[]): Promise<Review>;
  /** Applies the edits if the plan is still `shown`; otherwise returns the new plan ('stale'). */
  apply(edits: Edit[], shown: Plan): Promise<ApplyOutcome>;
  /** Writes the plan of the edits to the file given with `console --plan-out` (absent without it); returns what to say. */
  savePlan?(edits: Edit[]): Promise<string>;
  /** The change log, newest first (the last 500 records that match); undefined when the database has none. */
  history(filter: LogFilter): Promise<ChangeRecord[] | undefined>;
}

/** Saves the plan of a desired state (the file name and how to write it come from the command). */
export type PlanSaver = (desired: DesiredState, planned: { plan: Plan; current: CurrentState }) => Promise<string>;

/** `journal` records every apply in its transaction (the change log, and the admin history with an actor). */
export function sqlBackend(sql: SqlClient, label: string, journal: PlanJournal, savePlan?: PlanSaver): ConsoleBackend {
  return {
    savePlan: savePlan && (async (edits) => savePlan(desiredFromEdits(edits), await planWithState(sql, desiredFromEdits(edits)))),
    label,
    countUsers: (filter) => browse.countUsers(sql, filter),
    usersPage: (request) => browse.usersPage(sql, request),
    countGroups: (filter) => browse.countGroups(sql, filter),
    groupsPage: (request) => browse.groupsPage(sql, request),
    userDetail: (username) => browse.userDetail(sql, username),
    groupDetail: (name) => browse.groupDetail(sql, name),
    membersAmong: (group, usernames) => browse.membersAmong(sql, group, usernames),
    permissions: (filter) => browse.permissionCatalogue(sql, filter),
    holders: (key) => browse.permissionHolders(sql, key),
    apps: () => browse.appLabels(sql),
    matrix: (appLabel, request) => browse.permissionMatrix(sql, appLabel, request),
    async review(edits) {
      try {
        const { plan, current } = await planWithState(sql, desiredFromEdits(edits));
        return { plan, commands: equivalentCommands(plan, current) };
      } catch (error) {
        if (error instanceof InvalidInput) return { problems: error.problems.map((p) => p.message) };
        throw error;
      }
    },
    apply: (edits, shown) => applyDesiredState(sql, desiredFromEdits(edits), shown, { onStale: 'abort', journal }),
    history: async (filter) => ((await hasChangeLog(sql)) ? readRecords(sql, { ...filter, limit: 500 }) : undefined),
  };
}
