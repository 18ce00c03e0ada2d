import type { Problem } from '../errors.js';
import { normalizeUsername } from '../names.js';
import { quoted } from '../text.js';
import { parsePermissionRef, type PermissionRef } from '../permission-ref.js';
import type { DesiredPermission, DesiredState, PasswordSpec, PruneSpec } from '../plan/desired-state.js';
import type { AccessDocument } from './document.js';

/**
 * The desired state an access file describes: each listed entity exactly as listed, with the
 * semantics of manage_group and manage_user (omitted staff/superuser are false, lists are exact,
 * the email guard holds). `active` defaults to true, Django's default: an omitted key must not
 * lock a user out. Problems (bad permission strings) are returned, not thrown, so that they are
 * reported together with the ones planning finds.
 */
export function toDesiredState(document: AccessDocument, prune?: PruneSpec): { desired: DesiredState; problems: Problem[] } {
  const problems: Problem[] = [];
  const refs = (values: string[] | null | undefined, path: (string | number)[]): PermissionRef[] =>
    (values ?? []).flatMap((value, i) => {
      const parsed = parsePermissionRef(value, [...path, i]);
      if (typeof parsed === 'string') {
        problems.push({ message: parsed, path: [...path, i] });
        return [];
      }
      return [parsed];
    });

  const permissions: DesiredPermission[] = [];
  for (const [appLabel, models] of document.permissions ?? []) {
    for (const [model, codenames] of models ?? []) {
      for (const [codename, name] of codenames ?? []) {
        const path = ['permissions', appLabel, model, codename];
        permissions.push({ ref: { appLabel, model: model.toLowerCase(), codename, given: `${appLabel}:${model}:${codename}`, path }, present: true, name });
      }
    }
  }

  const groups = [...(document.groups ?? [])].map(([name, perms]) => ({
    name,
    present: true,
    path: ['groups', name],
    permissions: { exact: refs(perms, ['groups', name]) },
  }));

  const seen = new Map<string, string>();
  const users = [...(document.users ?? [])].map(([given, user]) => {
    // As Django stores it: `ﬁle` is the user `file`, and two keys for one user are a mistake.
    const username = normalizeUsername(given);
    const earlier = seen.get(username);
    if (earlier !== undefined) {
      problems.push({
        message: `${quoted(given)} is the same user as ${quoted(earlier)} (Django normalises usernames to ${quoted(username)})`,
        path: ['users', given],
        atKey: true,
      });
    }
    seen.set(username, given);
    const password: PasswordSpec | undefined = !user.password
      ? undefined
      : 'unusable' in user.password
        ? { unusable: true }
        : { initialHash: user.password.initial_hash };
    return {
      username,
      email: user.email,
      present: true,
      path: ['users', given],
      isStaff: user.staff ?? false,
      isSuperuser: user.superuser ?? false,
      isActive: user.active ?? true,
      groups: { exact: user.groups ?? [] },
      permissions: { exact: refs(user.permissions, ['users', given, 'permissions']) },
      password,
      missingGroups: 'error' as const,
    };
  });

  return { desired: { permissions, groups, users, prune }, problems };
}
