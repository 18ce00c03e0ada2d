import type { AccessStore, PlanWriter, StateReader } from '../domain/ports.js';
import type { UserModel } from '../domain/user-model.js';
import { writePlan } from './plan-writer.js';
import { readCurrentState } from './queries/current-state.js';
import type { SqlClient } from './sql.js';
import { userSql } from './user-sql.js';

/** The tables a plan reads and writes: the user model's own three, whatever their names. */
function authTables(model: UserModel): string {
  const U = userSql(model);
  return `django_content_type, auth_permission, auth_group, auth_group_permissions, ${U.table}, ${U.groups.table}, ${U.permissions.table}`;
}

function onConnection(sql: SqlClient, model: UserModel): StateReader & PlanWriter {
  return {
    readState: (scope) => readCurrentState(sql, model, scope),
    writePlan: (plan, desired, onProgress) => writePlan(sql, model, plan, desired, onProgress),
  };
}

/** The plan engine's AccessStore on one SQL connection, through the project's user model. */
export function sqlAccessStore(sql: SqlClient, userModel: () => Promise<UserModel>): AccessStore {
  return {
    readState: async (scope) => readCurrentState(sql, await userModel(), scope),
    lockedForWrite: async (fn) => {
      const model = await userModel();
      return sql.transaction(async (tx) => {
        await tx.execute(`LOCK TABLE ${authTables(model)} IN SHARE ROW EXCLUSIVE MODE`);
        return fn(onConnection(tx, model));
      });
    },
  };
}
