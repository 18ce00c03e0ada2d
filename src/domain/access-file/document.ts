import { z } from 'zod';

/** An access file: the whole policy, or the part of it a team keeps. YAML or JSON. */
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

export const accessDocument = z.strictObject({
  /** app label -> model -> codename -> name: the catalogue, for databases Django did not create. */
  permissions: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.string()).nullable())).nullable().optional(),
  /** group -> its exact permissions (APP_LABEL:MODEL:CODENAME). */
  groups: z.record(z.string(), permissionList).nullable().optional(),
  users: z.record(z.string(), user).nullable().optional(),
});

export type AccessDocument = z.infer<typeof accessDocument>;
export type AccessUser = z.infer<typeof user>;
