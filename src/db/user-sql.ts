import type { UserModel } from '../domain/user-model.js';

/** An SQL identifier, quoted: table and column names come from the database and the configuration. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What a user lacking the column is, by Django's rules (AbstractBaseUser.is_active is True; no is_staff: not staff). */
const ABSENT_FLAG = { is_staff: 'false', is_superuser: 'false', is_active: 'true' } as const;

/**
 * The SQL names of a user model: the one place that knows auth_user, its join tables and its login
 * column. Every statement about users is written with these, so that a custom AUTH_USER_MODEL
 * (accounts_user, a login by email, no is_staff) works everywhere.
 */
export function userSql(model: UserModel) {
  return {
    model,
    table: ident(model.table),
    /** The primary key the many-to-many tables point at. */
    pk: ident(model.pk),
    /** The login column (USERNAME_FIELD). */
    login: ident(model.login),
    /** The email of alias `u`, or '' for a model without one. */
    email: (u: string) => (model.email ? `${u}.${ident(model.email)}` : `''`),
    /** A flag of alias `u`, or its Django value when the model lacks the column. */
    flag: (u: string, name: keyof typeof ABSENT_FLAG) => (model.columns.has(name) ? `${u}.${ident(name)}` : ABSENT_FLAG[name]),
    groups: { table: ident(model.groups.table), user: ident(model.groups.user), group: ident(model.groups.other) },
    permissions: { table: ident(model.permissions.table), user: ident(model.permissions.user), permission: ident(model.permissions.other) },
  };
}

export type UserSql = ReturnType<typeof userSql>;
