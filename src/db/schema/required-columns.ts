export interface RequiredColumn {
  column: string;
  nullable: boolean;
}

const required = (...columns: string[]): RequiredColumn[] => columns.map((column) => ({ column, nullable: column === 'last_login' }));

/**
 * The tables and columns accessctl reads and writes, in the order Django creates them: the entity
 * definitions' (src/db/entities; a test keeps the two equal), written out so that checking a
 * database's schema at every start does not load MikroORM.
 */
const REQUIRED: ReadonlyArray<readonly [string, RequiredColumn[]]> = [
  ['django_content_type', required('id', 'app_label', 'model')],
  ['auth_permission', required('id', 'name', 'content_type_id', 'codename')],
  ['auth_group', required('id', 'name')],
  ['auth_group_permissions', required('id', 'group_id', 'permission_id')],
  ['auth_user', required('id', 'password', 'last_login', 'is_superuser', 'username', 'first_name', 'last_name', 'email', 'is_staff', 'is_active', 'date_joined')],
  ['auth_user_groups', required('id', 'user_id', 'group_id')],
  ['auth_user_user_permissions', required('id', 'user_id', 'permission_id')],
];

/** The tables and columns accessctl reads and writes (a new map: callers may change it). */
export function requiredTables(): Map<string, RequiredColumn[]> {
  return new Map(REQUIRED.map(([table, columns]) => [table, columns.map((c) => ({ ...c }))]));
}
