import type { AccessStore, PlanWriter, StateReader } from '../domain/ports.js';
import { writePlan } from './plan-writer.js';
import { readCurrentState } from './queries/current-state.js';
import type { SqlClient } from './sql.js';

const AUTH_TABLES = 'django_content_type, auth_permission, auth_group, auth_group_permissions, auth_user, auth_user_groups, auth_user_user_permissions';

function onConnection(sql: SqlClient): StateReader & PlanWriter {
  return {
    readState: (scope) => readCurrentState(sql, scope),
    writePlan: (plan, desired, onProgress) => writePlan(sql, plan, desired, onProgress),
  };
}

/** The plan engine's AccessStore on one SQL connection. */
export function sqlAccessStore(sql: SqlClient): AccessStore {
  return {
    readState: (scope) => readCurrentState(sql, scope),
    lockedForWrite: (fn) =>
      sql.transaction(async (tx) => {
        await tx.execute(`LOCK TABLE ${AUTH_TABLES} IN SHARE ROW EXCLUSIVE MODE`);
        return fn(onConnection(tx));
      }),
  };
}
