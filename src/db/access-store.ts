import type { AccessStore, PlanWriter, StateReader } from '../domain/ports.js';
import { checkActor, checkChangeLog, recordedWrite, type ChangeJournal } from './change-log.js';
import { writePlan } from './plan-writer.js';
import { readCurrentState } from './queries/current-state.js';
import type { SqlClient } from './sql.js';

const AUTH_TABLES = 'django_content_type, auth_permission, auth_group, auth_group_permissions, auth_user, auth_user_groups, auth_user_user_permissions';

/** The auth tables to read (planning, export, graph): no writer here. */
export function sqlStateReader(sql: SqlClient): StateReader {
  return { readState: (scope) => readCurrentState(sql, scope) };
}

function onConnection(sql: SqlClient, journal: ChangeJournal): StateReader & PlanWriter {
  return {
    readState: (scope) => readCurrentState(sql, scope),
    writePlan: (plan, desired, onProgress) => recordedWrite(sql, journal, plan, () => writePlan(sql, plan, desired, onProgress)),
  };
}

/** An AccessStore whose every write is recorded by the journal in the same transaction: the only writable one. */
export interface RecordedAccessStore extends AccessStore {
  /** An unknown --actor is refused before anything is planned. */
  checkActor(): Promise<void>;
  /** A database without the change log, when one is required, is refused before the prompt. */
  checkChangeLog(): Promise<void>;
}

/** The plan engine's AccessStore on one SQL connection. */
export function sqlAccessStore(sql: SqlClient, journal: ChangeJournal): RecordedAccessStore {
  return {
    readState: (scope) => readCurrentState(sql, scope),
    lockedForWrite: (fn) =>
      sql.transaction(async (tx) => {
        await tx.execute(`LOCK TABLE ${AUTH_TABLES} IN SHARE ROW EXCLUSIVE MODE`);
        return fn(onConnection(tx, journal));
      }),
    checkActor: () => checkActor(sql, journal),
    checkChangeLog: () => checkChangeLog(sql, journal),
  };
}
