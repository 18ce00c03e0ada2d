import { quoted } from '../domain/text.js';
import { DJANGO_USER_MODEL, djangoLinkNames, parseModelLabel, truncateName, type LinkTable, type UserColumn, type UserModel } from '../domain/user-model.js';
import { QueryFailed, UserModelMismatch } from './errors.js';
import type { SqlClient } from './sql.js';

/** How a project names its user model (accessctl.config.json, ACCESSCTL_USER_MODEL, --user-model). */
export interface UserModelSettings {
  /** AUTH_USER_MODEL; unset means Django's auth.User. */
  label?: string;
  usernameField?: string;
  emailField?: string;
  /** For a model whose db_table (or many-to-many tables) do not follow Django's naming. */
  tables?: { user?: string; groups?: string; permissions?: string };
  newUserValues?: Record<string, string | number | boolean | null>;
}

/** Where a setting can be given, for messages. */
export const USER_MODEL_SETTING = '--user-model APP_LABEL.MODEL (or ACCESSCTL_USER_MODEL, or "userModel" in accessctl.config.json)';

interface Link {
  table: string;
  /** The user table's column the link points at: its primary key. */
  pk: string;
  user: string;
  other: string;
  kind: 'groups' | 'permissions';
}

/**
 * One round trip: the columns of the user table, and every table with a one-column foreign key to it
 * and another to auth_group or auth_permission (the many-to-many tables, whatever their names).
 */
const READ_MODEL = `
WITH u AS (SELECT to_regclass(quote_ident($1)) AS oid),
     fk AS (SELECT c.conrelid, c.confrelid, c.confkey[1] AS confkey, a.attname FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.contype = 'f' AND cardinality(c.conkey) = 1)
SELECT
  (SELECT u.oid IS NOT NULL FROM u) AS exists,
  (SELECT coalesce(json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef) ORDER BY a.attnum), '[]')
     FROM u JOIN pg_attribute a ON a.attrelid = u.oid WHERE a.attnum > 0 AND NOT a.attisdropped) AS columns,
  (SELECT coalesce(json_agg(json_build_array(c.relname, uf.attname, lf.attname, lf.confrelid = to_regclass('auth_group'), pk.attname)), '[]')
     FROM u JOIN fk uf ON uf.confrelid = u.oid JOIN pg_class c ON c.oid = uf.conrelid
       JOIN pg_attribute pk ON pk.attrelid = u.oid AND pk.attnum = uf.confkey
       JOIN fk lf ON lf.conrelid = uf.conrelid AND lf.confrelid IN (to_regclass('auth_group'), to_regclass('auth_permission'))
    WHERE uf.conrelid NOT IN (to_regclass('auth_group_permissions'))) AS links`;

/**
 * Tables other than the ones named that link something to auth_group the way a user model's
 * `groups` does: the user tables of a database, for `check` and for the message that says which
 * setting to use. Each comes with the AUTH_USER_MODEL its content type suggests.
 */
export async function findUserTables(sql: SqlClient): Promise<{ table: string; label?: string }[]> {
  const rows = await sql
    .query<{ table: string; label: string | null }>(
      `WITH fk AS (SELECT c.conrelid, c.confrelid FROM pg_constraint c WHERE c.contype = 'f' AND cardinality(c.conkey) = 1)
     SELECT DISTINCT t.relname AS table,
            (SELECT ct.app_label || '.' || ct.model FROM django_content_type ct WHERE ct.app_label || '_' || ct.model = t.relname LIMIT 1) AS label
       FROM fk gf JOIN fk uf ON uf.conrelid = gf.conrelid AND uf.confrelid <> gf.confrelid
       JOIN pg_class t ON t.oid = uf.confrelid
      WHERE gf.confrelid = to_regclass('auth_group') AND uf.confrelid <> to_regclass('auth_permission')
        AND gf.conrelid <> to_regclass('auth_group_permissions') AND pg_table_is_visible(t.oid)
      ORDER BY 1`,
    )
    .catch(() => []);
  return rows.map((r) => ({ table: r.table, label: r.label ?? undefined }));
}

/** Picks the many-to-many table of one kind: named in the settings, else Django's name, else the only one found. */
function pickLink(found: Link[], kind: Link['kind'], expected: LinkTable, named: string | undefined, label: string, table: string): LinkTable {
  const candidates = found.filter((l) => l.kind === kind);
  const byName = (name: string) => candidates.find((l) => l.table === name);
  if (named) {
    const link = byName(named);
    if (!link)
      throw new UserModelMismatch(
        `table ${quoted(named)}, named for the ${kind} of ${label}, does not link ${quoted(table)} to auth_${kind === 'groups' ? 'group' : 'permission'}`,
      );
    return link;
  }
  const link = byName(expected.table) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (link) return link;
  if (candidates.length === 0) {
    throw new UserModelMismatch(
      `the user model ${label} (table ${quoted(table)}) has no ${kind} table (expected ${quoted(expected.table)}): accessctl manages models with Django's PermissionsMixin`,
    );
  }
  throw new UserModelMismatch(
    `the user model ${label} has ${candidates.length} tables that could be its ${kind}: ${candidates.map((c) => c.table).join(', ')}; name one in accessctl.config.json ("tables": {"${kind}": …})`,
  );
}

/** Reads the user model's tables and columns from the database; a problem is one line saying what to set. */
export async function loadUserModel(sql: SqlClient, settings: UserModelSettings = {}): Promise<UserModel> {
  const label = settings.label ?? DJANGO_USER_MODEL.label;
  const parsed = parseModelLabel(label);
  if (!parsed) throw new UserModelMismatch(`invalid user model ${quoted(label)}: use Django's AUTH_USER_MODEL form APP_LABEL.MODEL (e.g. accounts.User)`);
  let table = settings.tables?.user ?? truncateName(`${parsed.appLabel}_${parsed.modelName}`);
  const read = async (name: string) =>
    (await sql.query<{ exists: boolean; columns: [string, string, boolean, boolean][]; links: [string, string, string, boolean, string][] }>(READ_MODEL, [name]))[0] ?? {
      exists: false,
      columns: [],
      links: [],
    };
  let row = await read(table);
  if (!row.exists && settings.label && !settings.tables?.user) {
    // A custom Meta.db_table: the one table other than auth_user that links users to auth_group is it.
    const found = (await findUserTables(sql)).filter((f) => f.table !== 'auth_user');
    const [only] = found;
    if (found.length === 1 && only) {
      table = only.table;
      row = await read(table);
    }
  }
  const expected = djangoLinkNames(table, parsed.modelName);
  if (!row.exists) {
    if (!settings.label && !settings.tables?.user) {
      const custom = await findUserTables(sql);
      if (custom.length) {
        const suggestion = custom.map((c) => (c.label ? `${c.label} (table ${c.table})` : `table ${c.table}`)).join(', ');
        throw new UserModelMismatch(`no auth_user table, but a custom user model: ${suggestion}. Name it with ${USER_MODEL_SETTING}`);
      }
      // No user table at all: the auth schema is missing, which `check` explains.
      throw new QueryFailed(`relation "auth_user" does not exist`, '42P01');
    }
    throw new UserModelMismatch(
      `the user model ${label} has no table ${quoted(table)} in the database${settings.tables?.user ? '' : ` (Django's name for it; if its db_table differs, set "tables": {"user": …} in accessctl.config.json)`}`,
    );
  }
  const columns = new Map<string, UserColumn>(row.columns.map(([name, type, notNull, hasDefault]) => [name, { type, notNull, hasDefault }]));
  const links: Link[] = row.links.map(([linkTable, user, other, isGroup, pk]) => ({ table: linkTable, user, other, pk, kind: isGroup ? 'groups' : 'permissions' }));
  const login = settings.usernameField ?? (columns.has('username') ? 'username' : columns.has('email') ? 'email' : undefined);
  if (!login)
    throw new UserModelMismatch(`the user model ${label} has neither a username nor an email column: set "usernameField" (its USERNAME_FIELD) in accessctl.config.json`);
  if (!columns.has(login)) throw new UserModelMismatch(`the user model ${label} has no column ${quoted(login)} (its USERNAME_FIELD as configured)`);
  const email = settings.emailField ?? (columns.has('email') ? 'email' : undefined);
  if (email && !columns.has(email)) throw new UserModelMismatch(`the user model ${label} has no column ${quoted(email)} (its EMAIL_FIELD as configured)`);
  const newUserValues = settings.newUserValues ?? {};
  for (const name of Object.keys(newUserValues)) {
    if (!columns.has(name)) throw new UserModelMismatch(`"newUserValues" names ${quoted(name)}, which is not a column of ${table} (the user model ${label})`);
  }
  const groups = pickLink(links, 'groups', expected.groups, settings.tables?.groups, label, table);
  return {
    label,
    table,
    pk: links.find((l) => l.table === groups.table)?.pk ?? 'id',
    login,
    email,
    columns,
    groups,
    permissions: pickLink(links, 'permissions', expected.permissions, settings.tables?.permissions, label, table),
    newUserValues,
  };
}
