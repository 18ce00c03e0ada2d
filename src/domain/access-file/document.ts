import { z } from 'zod';

/**
 * An access file: the whole policy, or the part of it a team keeps. YAML or JSON.
 *
 * Names (users, groups, app labels, models, codenames) are keys chosen by the user, and any string
 * is a valid key: `__proto__` and `constructor` are valid Django usernames. Mappings of names are
 * therefore read as Maps (see `withNameMaps`), never as records: a record assigns `__proto__` to
 * its prototype instead of keeping it, and the entry is silently lost.
 */
const permissionList = z.array(z.string()).nullable().optional();

const user = z.strictObject({
  email: z.string(),
  staff: z.boolean().optional(),
  superuser: z.boolean().optional(),
  active: z.boolean().optional(),
  groups: z.array(z.string()).nullable().optional(),
  permissions: permissionList,
  password: z
    .union([z.strictObject({ unusable: z.literal(true) }), z.strictObject({ initial_hash: z.string() })], { error: 'expected {unusable: true} or {initial_hash: "…"}' })
    .optional(),
});

/** A user as an access file lists one: the schema lessons reuse for their partial states. */
export const accessUser = user;

/** A mapping of names, read as a Map (see above). */
export const names = <T extends z.ZodType>(value: T) => z.map(z.string(), value);

export const accessDocument = z.strictObject({
  /** app label -> model -> codename -> name: the catalogue, for databases Django did not create. */
  permissions: names(names(names(z.string()).nullable()))
    .nullable()
    .optional(),
  /** group -> its exact permissions (APP_LABEL:MODEL:CODENAME). */
  groups: names(permissionList).nullable().optional(),
  users: names(user).nullable().optional(),
});

/** An access file as read: its mappings of names are Maps. */
export type AccessDocument = z.infer<typeof accessDocument>;
export type AccessUser = z.infer<typeof user>;

/** An access file as written (export): plain objects, built with own keys only (Object.fromEntries). */
export interface AccessFileOut {
  permissions: Record<string, Record<string, Record<string, string>>>;
  groups: Record<string, string[]>;
  users: Record<string, AccessUser>;
}

const isPlainMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A mapping's own entries as a Map (every key kept, `__proto__` included); anything else as it is. */
export function asMap(value: unknown, inner?: (v: unknown) => unknown): unknown {
  if (!isPlainMapping(value)) return value;
  return new Map(Object.keys(value).map((key) => [key, inner ? inner(value[key]) : value[key]]));
}

/** The parsed file with its name mappings turned into Maps, ready for `accessDocument`. */
export function withNameMaps(value: unknown): unknown {
  if (!isPlainMapping(value)) return value;
  // Null prototype: a top-level `__proto__` key stays a key (and is reported as unknown).
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    const entry = value[key];
    if (key === 'permissions') copy[key] = asMap(entry, (models) => asMap(models, (codenames) => asMap(codenames)));
    else if (key === 'groups' || key === 'users') copy[key] = asMap(entry);
    else copy[key] = entry;
  }
  return copy;
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isOptionalList = (value: unknown) => value === undefined || value === null || isStringList(value);
const isOptionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';
const USER_KEYS = new Set(['email', 'staff', 'superuser', 'active', 'groups', 'permissions', 'password']);

function isAccessUser(value: unknown): value is AccessUser {
  if (!isPlainMapping(value) || typeof value.email !== 'string') return false;
  for (const key of Object.keys(value)) if (!USER_KEYS.has(key)) return false;
  if (!isOptionalBoolean(value.staff) || !isOptionalBoolean(value.superuser) || !isOptionalBoolean(value.active)) return false;
  if (!isOptionalList(value.groups) || !isOptionalList(value.permissions)) return false;
  const password = value.password;
  if (password === undefined) return true;
  if (!isPlainMapping(password)) return false;
  const keys = Object.keys(password);
  return keys.length === 1 && (password.unusable === true || typeof password.initial_hash === 'string');
}

/** A mapping of names whose every value passes `check`, as a Map; undefined when one does not. */
function namesOf<T>(value: unknown, check: (entry: unknown) => T | undefined): Map<string, T> | undefined {
  if (!isPlainMapping(value)) return undefined;
  const map = new Map<string, T>();
  for (const key of Object.keys(value)) {
    const entry = check(value[key]);
    if (entry === undefined) return undefined;
    map.set(key, entry);
  }
  return map;
}

/**
 * The parsed file as `accessDocument` reads it, checked by hand: the schema's cold start and
 * checks cost ~0.1 s for 1,000 users and more than the file's reading at 100,000. Undefined when
 * anything differs from the schema (it must accept exactly what the schema accepts: a unit test
 * compares them), and the schema then says what and where.
 */
export function quickAccessDocument(value: unknown): AccessDocument | undefined {
  if (!isPlainMapping(value)) return undefined;
  const document: AccessDocument = {};
  for (const key of Object.keys(value)) {
    const entry = value[key];
    if (key === 'permissions') {
      const catalogue =
        entry === null
          ? null
          : namesOf(entry, (models) =>
              namesOf(models, (codenames) => (codenames === null ? null : namesOf(codenames, (name) => (typeof name === 'string' ? name : undefined)))),
            );
      if (catalogue === undefined) return undefined;
      document.permissions = catalogue;
    } else if (key === 'groups') {
      const groups = entry === null ? null : namesOf(entry, (permissions) => (isOptionalList(permissions) ? (permissions as string[] | null) : undefined));
      if (groups === undefined) return undefined;
      document.groups = groups;
    } else if (key === 'users') {
      const users = entry === null ? null : namesOf(entry, (user) => (isAccessUser(user) ? user : undefined));
      if (users === undefined) return undefined;
      document.users = users;
    } else return undefined;
  }
  return document;
}
