import { createHash } from 'node:crypto';

/**
 * The user model of a Django project (AUTH_USER_MODEL) as the database holds it: its table, the two
 * many-to-many tables of PermissionsMixin, the login column (USERNAME_FIELD) and the columns that
 * exist. Every statement that reads or writes users is built from this description.
 */
export interface UserModel {
  /** AUTH_USER_MODEL, e.g. "auth.User" or "accounts.Member". */
  label: string;
  table: string;
  /** Its primary key column (the one the many-to-many tables reference). */
  pk: string;
  /** USERNAME_FIELD: the column users are named by ("username", or "email" on many custom models). */
  login: string;
  /** EMAIL_FIELD, when the model has one. */
  email?: string;
  columns: Map<string, UserColumn>;
  /** The `groups` many-to-many table and its two columns. */
  groups: LinkTable;
  /** The `user_permissions` many-to-many table and its two columns. */
  permissions: LinkTable;
  /** Values for new users' columns that accessctl does not know (from the project's configuration). */
  newUserValues: Record<string, string | number | boolean | null>;
}

export interface UserColumn {
  /** The SQL type, as format_type() writes it (fit for a cast). */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

export interface LinkTable {
  table: string;
  user: string;
  /** group_id or permission_id. */
  other: string;
}

/** The columns of Django's AbstractUser that accessctl fills for a new user, besides the login. */
export const KNOWN_USER_COLUMNS = [
  'id',
  'password',
  'last_login',
  'is_superuser',
  'username',
  'first_name',
  'last_name',
  'email',
  'is_staff',
  'is_active',
  'date_joined',
];

/** Django's max_name_length on PostgreSQL. */
const MAX_NAME = 63;

/** django.db.backends.utils.truncate_name: a name past 63 characters is cut and given 4 hex of its md5. */
export function truncateName(name: string, length = MAX_NAME): string {
  if (name.length <= length) return name;
  const hash = createHash('md5').update(name).digest('hex').slice(0, 4);
  return `${name.slice(0, length - 4)}${hash}`;
}

/** "accounts.User" -> { appLabel: "accounts", modelName: "user" } (Django looks models up case-insensitively). */
export function parseModelLabel(label: string): { appLabel: string; modelName: string } | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(label);
  const [, appLabel, modelName] = match ?? [];
  return appLabel && modelName ? { appLabel, modelName: modelName.toLowerCase() } : undefined;
}

/** Django's default names for a model's tables: db_table, and the two many-to-many tables of PermissionsMixin. */
export function djangoTableNames(label: string): { table: string; groups: LinkTable; permissions: LinkTable } | undefined {
  const parsed = parseModelLabel(label);
  if (!parsed) return undefined;
  const table = truncateName(`${parsed.appLabel}_${parsed.modelName}`);
  return djangoLinkNames(table, parsed.modelName);
}

/** The many-to-many tables Django names after a user table (db_table + field name) and model (the FK column). */
export function djangoLinkNames(table: string, modelName: string): { table: string; groups: LinkTable; permissions: LinkTable } {
  const user = `${modelName}_id`;
  return {
    table,
    groups: { table: truncateName(`${table}_groups`), user, other: 'group_id' },
    permissions: { table: truncateName(`${table}_user_permissions`), user, other: 'permission_id' },
  };
}

export const hasColumn = (model: UserModel, column: string) => model.columns.has(column);

/** The login is the email address (USERNAME_FIELD = EMAIL_FIELD): `manage_user NAME EMAIL` must name it twice. */
export const logsInByEmail = (model: UserModel) => model.email !== undefined && model.login === model.email;

/**
 * Columns a new user needs that accessctl cannot fill: NOT NULL, no default, not one accessctl
 * knows, no value configured. A uuid column gets a random UUID (Django's UUIDField(default=uuid4)).
 */
export function unfillableColumns(model: UserModel): string[] {
  return [...model.columns]
    .filter(([, column]) => column.notNull && !column.hasDefault && column.type !== 'uuid')
    .filter(([name]) => name !== model.login && !KNOWN_USER_COLUMNS.includes(name) && !(name in model.newUserValues))
    .map(([name]) => name);
}

const column = (type: string, notNull = true): UserColumn => ({ type, notNull, hasDefault: false });

/** Django's own auth.User: the model accessctl assumes when none is configured. */
export const DJANGO_USER_MODEL: UserModel = {
  label: 'auth.User',
  table: 'auth_user',
  pk: 'id',
  login: 'username',
  email: 'email',
  columns: new Map([
    ['id', { type: 'integer', notNull: true, hasDefault: true }],
    ['password', column('character varying(128)')],
    ['last_login', column('timestamp with time zone', false)],
    ['is_superuser', column('boolean')],
    ['username', column('character varying(150)')],
    ['first_name', column('character varying(150)')],
    ['last_name', column('character varying(150)')],
    ['email', column('character varying(254)')],
    ['is_staff', column('boolean')],
    ['is_active', column('boolean')],
    ['date_joined', column('timestamp with time zone')],
  ]),
  groups: { table: 'auth_user_groups', user: 'user_id', other: 'group_id' },
  permissions: { table: 'auth_user_user_permissions', user: 'user_id', other: 'permission_id' },
  newUserValues: {},
};
