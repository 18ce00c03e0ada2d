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
