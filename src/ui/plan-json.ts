import { kindOf, summarize, type Change, type ChangeKind, type Plan } from '../domain/plan/changes.js';

/**
 * The `--json` output: a public, versioned shape for scripts (README, "JSON output"), kept apart
 * from the internal Change union so that the engine can change without breaking them. Bump
 * FORMAT_VERSION when a field changes meaning or goes away; adding a field keeps the version.
 */
export const FORMAT_VERSION = 1;

export type Outcome = 'no-changes' | 'dry-run' | 'applied' | 'declined' | 'refused' | 'invalid' | 'error';

export type ObjectKind = 'content_type' | 'permission' | 'group' | 'user' | 'group_permission' | 'user_group' | 'user_permission';

export interface JsonChange {
  action: ChangeKind;
  object: ObjectKind;
  /** The natural keys that name the object (never a database id). */
  key: Record<string, string>;
  /** For `change`: the field (Django's column name) and its values before and after. */
  field?: string;
  from?: string | boolean;
  to?: string | boolean;
  /** For `add`: the new object's values; for `remove`: what goes with it. */
  values?: Record<string, string | number | boolean>;
}

export interface JsonReport {
  format_version: typeof FORMAT_VERSION;
  outcome: Outcome;
  plan: { changes: JsonChange[]; summary: Record<ChangeKind, number>; warnings: string[]; notes: string[] } | null;
  errors: string[];
}

export function jsonChange(change: Change): JsonChange {
  const action = kindOf(change);
  switch (change.type) {
    case 'content_type':
      return { action, object: 'content_type', key: { app_label: change.appLabel, model: change.model } };
    case 'permission': {
      const key = { permission: change.permission };
      if (change.action === 'create') return { action, object: 'permission', key, values: { name: change.name } };
      if (change.action === 'update') return { action, object: 'permission', key, field: change.field, from: change.from, to: change.to };
      return { action, object: 'permission', key, values: { group_grants: change.groups, user_grants: change.users } };
    }
    case 'group': {
      const key = { group: change.group };
      if (change.action === 'create') return { action, object: 'group', key };
      if (change.action === 'update') return { action, object: 'group', key, field: change.field, from: change.from, to: change.to };
      return { action, object: 'group', key, values: { members: change.members, permissions: change.permissions } };
    }
    case 'user': {
      const key = { username: change.username };
      if (change.action === 'create') {
        const values = {
          email: change.email,
          ...(change.firstName ? { first_name: change.firstName } : {}),
          ...(change.lastName ? { last_name: change.lastName } : {}),
          is_staff: change.isStaff,
          is_superuser: change.isSuperuser,
          is_active: change.isActive,
          password: change.password,
        };
        return { action, object: 'user', key, values };
      }
      if (change.action === 'update') return { action, object: 'user', key, field: change.field, from: change.from, to: change.to };
      return { action, object: 'user', key, values: { email: change.email } };
    }
    case 'group_permission':
      return { action, object: 'group_permission', key: { group: change.group, permission: change.permission } };
    case 'user_group':
      return { action, object: 'user_group', key: { username: change.username, group: change.group } };
    case 'user_permission':
      return { action, object: 'user_permission', key: { username: change.username, permission: change.permission } };
  }
}

export function jsonReport(outcome: Outcome, plan: Plan | undefined, errors: string[] = []): JsonReport {
  return {
    format_version: FORMAT_VERSION,
    outcome,
    plan: plan ? { changes: plan.changes.map(jsonChange), summary: summarize(plan.changes), warnings: plan.warnings, notes: plan.notes } : null,
    errors,
  };
}
