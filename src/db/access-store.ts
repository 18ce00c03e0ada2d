import type { AccessStore, PlanWriter, StateReader } from '../domain/ports.js';
import type { UserModel } from '../domain/user-model.js';
import { checkActor, checkChangeLog, recordedWrite, type ChangeJournal } from './change-log.js';
import { readCurrentState } from './queries/current-state.js';
import type { SqlClient } from './sql.js';
import { userSql } from './user-sql.js';

/** The tables a plan reads and writes: the user model's own three, whatever their names. */
function authTables(model: UserModel): string {
  const U = userSql(model);
  return `django_content_type, auth_permission, auth_group, auth_group_permissions, ${U.table}, ${U.groups.table}, ${U.permissions.table}`;
}

/** The auth tables to read (planning, export, graph): no writer here. */
export function sqlStateReader(sql: SqlClient, userModel: () => Promise<UserModel>): StateReader {
  return { readState: async (scope) => readCurrentState(sql, await userModel(), scope) };
}

function onConnection(sql: SqlClient, model: UserModel, journal: ChangeJournal): StateReader & PlanWriter {
  return {
    readState: (scope) => readCurrentState(sql, model, scope),
    // Loaded only when there is something to write: an unchanged plan never needs it.
    writePlan: async (plan, desired, onProgress) => {
      const { writePlan } = await import('./plan-writer.js');
      return recordedWrite(sql, journal, model, plan, () => writePlan(sql, model, plan, desired, onProgress));
    },
  };
}

/** An AccessStore whose every write is recorded by the journal in the same transaction: the only writable one. */
export interface RecordedAccessStore extends AccessStore {
  /** An unknown --actor is refused before anything is planned. */
  checkActor(): Promise<void>;
  /** A database without the change log, when one is required, is refused before the prompt. */
  checkChangeLog(): Promise<void>;
}

/** The plan engine's AccessStore on one SQL connection, through the project's user model. */
export function sqlAccessStore(sql: SqlClient, journal: ChangeJournal, userModel: () => Promise<UserModel>): RecordedAccessStore {
  return {
    readState: async (scope) => readCurrentState(sql, await userModel(), scope),
    lockedForWrite: async (fn) => {
      const model = await userModel();
      return sql.transaction(async (tx) => {
        await tx.execute(`LOCK TABLE ${authTables(model)} IN SHARE ROW EXCLUSIVE MODE`);
        return fn(onConnection(tx, model, journal));
      });
    },
    checkActor: async () => checkActor(sql, journal, await userModel()),
    checkChangeLog: () => checkChangeLog(sql, journal),
  };
}
